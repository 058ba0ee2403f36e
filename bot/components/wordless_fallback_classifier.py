"""Rasa's FallbackClassifier, which also falls back on messages without words."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.fingerprint import HelperFingerprint
from bot.nlp.normalize import has_words


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WordlessFallbackClassifier(HelperFingerprint, FallbackClassifier):
    """Predicts `nlu_fallback` for low confidence, two close intents, or no words.

    A message of only punctuation or emoji ("？", "🙂🙂🙂") would otherwise get
    whatever intent its few character n-grams resemble (a greeting, "are you a
    bot?"). As `nlu_fallback` it reaches action_route_to_office, which asks the
    resident to type the question. Options are FallbackClassifier's.
    """

    def _should_fallback(self, message: Message) -> bool:
        if not has_words(message.get(TEXT) or ""):
            return True
        return super()._should_fallback(message)
