"""The staff review inbox: questions the bot routed to the office, captured
redacted, clustered, reviewed by staff and exported as training data.

Modules: settings (environment), models (dataclasses shared with the web UI),
redact, store (SQL storage), capture (the action-server hook), cluster,
topics, export, stats_csv, retention, cli.
"""
