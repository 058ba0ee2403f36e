"""Rasa component that sends messages in unsupported languages to one intent."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.fingerprint import HelperFingerprint
from bot.components.language_detector import LANGUAGE_DETECTION, LanguageDetector

UNSUPPORTED_LANGUAGE_INTENT = "unsupported_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnsupportedLanguageClassifier(HelperFingerprint, GraphComponent):
    """Predicts `unsupported_language` for a message clearly in another language.

    A Spanish or Thai question would otherwise get whatever topic its
    characters resemble, answered in a language the resident may not read.
    Put it last in the pipeline, after `LanguageDetector` and the classifiers.
    """

    @classmethod
    def required_components(cls) -> List[type]:
        """Reads the detection written by `LanguageDetector`."""
        return [LanguageDetector]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component has no options."""
        return {}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Works whatever the pipeline's language."""
        return None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnsupportedLanguageClassifier:
        """Creates the component."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Replaces the intent of messages detected as an unsupported language.

        Args:
            messages: classified messages.

        Returns:
            The same messages.
        """
        for message in messages:
            detection = message.get(LANGUAGE_DETECTION) or {}
            if not detection.get("unsupported"):
                continue
            intent = {INTENT_NAME_KEY: UNSUPPORTED_LANGUAGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [intent, *(message.get(INTENT_RANKING_KEY) or [])]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
