"""Rasa component that records which language each message is written in."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.fingerprint import HelperFingerprint
from bot.language.detect import LANGUAGE_DETECTION, UNCLEAR, detect_language, warm_up

_INTENT_PAYLOAD_PREFIX = "/"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageDetector(HelperFingerprint, GraphComponent):
    """Adds `language_detection` ({"language", "unsupported", "likely"}) to the parse data.

    Put it first in the pipeline, so it sees the text exactly as typed (the
    normaliser strips the diacritics that tell Vietnamese apart). Button
    payloads ("/intent{...}") are not detected. See `bot.language.detect`.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component has no options."""
        return {}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Works whatever the pipeline's language."""
        return None

    @staticmethod
    def required_packages() -> List[str]:
        """None to check: lingua (lingua-language-detector, models inside its
        wheel) is in the lock, and Rasa would look it up by import name."""
        return []

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Creates the component (training needs no detection, so nothing is loaded)."""
        return cls()

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        """Creates the component for serving and loads lingua's models now, not on
        the first resident's message."""
        warm_up()
        return cls.create(config, model_storage, resource, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are labelled by intent only: nothing to do."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Detects the language of each message.

        Args:
            messages: incoming messages, before normalisation.

        Returns:
            The same messages, each with `language_detection` set.
        """
        for message in messages:
            text = message.get(TEXT) or ""
            detection = (
                UNCLEAR if text.startswith(_INTENT_PAYLOAD_PREFIX) else detect_language(text)
            )
            message.set(
                LANGUAGE_DETECTION,
                {
                    "language": detection.language,
                    "unsupported": detection.unsupported,
                    "likely": detection.likely,
                },
                add_to_output=True,
            )
        return messages
