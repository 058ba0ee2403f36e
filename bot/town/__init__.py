"""The town's editable facts (town/*.yml): reading and validating them.

Every other room (actions/, bot/web, bot/channels, bot/review, bot/content,
bot/devtools) reads the town's files through this package; it imports none of
them, so dependencies point one way.

- files.py: where the files are (TOWN_DIR) and reading one YAML mapping
- contact.py: contact.yml, how residents reach the DX office
- policy.py: policy.yml, the policy page and the plan period
- office_hours.py: office_hours.yml, when the office is open
- topic_titles.py: topic_titles/<language>.yml, the topics' button titles
- confirmations.py: the facts the town has not confirmed yet
- schema.py: format checks of the real files (phone, URL, times)
- __main__.py: `python -m bot.town check`, those checks for the town's staff
"""
