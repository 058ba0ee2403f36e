"""Intent classification on sparse features of GiNZA's views of a message.

Pure scikit-learn code, used by the Rasa component
`bot.components.linear_intent_classifier` and by the cross-validation bench
(`bot.bench.nlu_variants`), so both score exactly the same model.
"""
