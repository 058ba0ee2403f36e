"""Rasa component that normalises the text of every message before NLU."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.fingerprint import HelperFingerprint
from bot.nlp.normalize import normalize_text

# Messages of the form "/intent{...}" are button payloads: leave them alone.
_INTENT_PAYLOAD_PREFIX = "/"
# Far more than any question needs, far below Sudachi's 49,149-byte limit.
DEFAULT_MAX_CHARACTERS = 1000


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class JapaneseTextNormalizer(HelperFingerprint, GraphComponent):
    """Rewrites `text` into its canonical form (see `bot.nlp.normalize`).

    Put it first in the pipeline, before `SpacyNLP`, so that tokenisation and
    every featurizer see ＤＸ and DX, ﾎﾟﾘｼｰ and ポリシー as the same text.

    Text beyond `max_characters` is cut off: no question needs more, and
    Sudachi refuses input over 49,149 bytes, which would turn an overlong
    message into a server error instead of an answer.
    """

    def __init__(self, *, max_characters: int = DEFAULT_MAX_CHARACTERS) -> None:
        """Creates the normaliser.

        Args:
            max_characters: the length a message is cut to after normalisation.
        """
        self._max_characters = max_characters

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {"max_characters": DEFAULT_MAX_CHARACTERS}

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Checks the length limit keeps Sudachi's input limit (4 bytes a character)."""
        if not 1 <= config["max_characters"] <= 12000:
            raise InvalidConfigException("max_characters must be between 1 and 12000.")

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Normalisation is language-agnostic (NFKC), so all languages."""
        return None

    @staticmethod
    def required_packages() -> List[str]:
        """Only the standard library is needed."""
        return []

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JapaneseTextNormalizer:
        """Creates the component (see parent class for full docstring)."""
        cls.validate_config(config)
        return cls(max_characters=config["max_characters"])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalises the text of every training example in place.

        Args:
            training_data: the NLU training data.

        Returns:
            The same training data, normalised.
        """
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Normalises the text of each incoming message in place.

        Args:
            messages: the messages to normalise.

        Returns:
            The same messages.
        """
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith(_INTENT_PAYLOAD_PREFIX):
                continue
            message.set(TEXT, normalize_text(text)[: self._max_characters])
        return messages
