"""Sparse character n-gram features over the katakana reading of a message.

Surface n-grams cannot match 「期間」 with 「きかん」; their readings (キカン)
can. This featurizer reads each token's reading from the GiNZA `Doc` that
`SpacyNLP` attached to the message and vectorises it with character n-grams:
per token for sequence features, and over the whole reading (token boundaries
removed) for the sentence feature.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Type

import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file
from sklearn.feature_extraction.text import CountVectorizer

from bot.components.fingerprint import HelperFingerprint
from bot.nlp.kana import joined_reading, readings_by_offset, to_katakana

logger = logging.getLogger(__name__)

_VOCABULARY_FILE = "kana_reading_vocabulary.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class KanaReadingFeaturizer(HelperFingerprint, SparseFeaturizer, GraphComponent):
    """Character n-grams of katakana readings, for kana/kanji spelling variants."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Needs GiNZA docs and tokens from the spaCy tokenizer."""
        return [SpacyTokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {
            **SparseFeaturizer.get_default_config(),
            "min_ngram": 1,
            "max_ngram": 3,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        """Readings come from Sudachi, so Japanese only."""
        return ["ja"]

    @staticmethod
    def required_packages() -> List[str]:
        """GiNZA provides the readings; sklearn the vectoriser."""
        return ["ginza", "sklearn"]

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Checks that the n-gram range is sensible."""
        if not 1 <= config["min_ngram"] <= config["max_ngram"]:
            raise InvalidConfigException(
                "KanaReadingFeaturizer needs 1 <= min_ngram <= max_ngram; "
                f"got {config['min_ngram']} and {config['max_ngram']}."
            )

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vocabulary: Optional[Dict[str, int]] = None,
    ) -> None:
        """Creates the featurizer, with a vocabulary when loaded from a model."""
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vectorizer: Optional[CountVectorizer] = (
            self._new_vectorizer(vocabulary) if vocabulary else None
        )

    def _new_vectorizer(self, vocabulary: Optional[Dict[str, int]] = None) -> CountVectorizer:
        return CountVectorizer(
            analyzer="char",
            ngram_range=(self._config["min_ngram"], self._config["max_ngram"]),
            lowercase=False,
            vocabulary=vocabulary,
        )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KanaReadingFeaturizer:
        """Creates an untrained featurizer (see parent class for docstring)."""
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KanaReadingFeaturizer:
        """Loads the trained vocabulary (see parent class for docstring)."""
        with model_storage.read_from(resource) as model_dir:
            vocabulary = read_json_file(model_dir / _VOCABULARY_FILE)
        return cls(config, model_storage, resource, execution_context, vocabulary=vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns the n-gram vocabulary from the readings of the examples.

        Args:
            training_data: NLU data already processed by SpacyNLP and the tokenizer.

        Returns:
            The resource the vocabulary was persisted to.
        """
        sentences = [
            joined_reading(self._token_readings(message))
            for message in training_data.training_examples
            if message.get(TOKENS_NAMES[TEXT])
        ]
        self._vectorizer = self._new_vectorizer()
        self._vectorizer.fit(sentences)
        vocabulary = {ngram: int(index) for ngram, index in self._vectorizer.vocabulary_.items()}
        with self._model_storage.write_to(self._resource) as model_dir:
            dump_obj_as_json_to_file(model_dir / _VOCABULARY_FILE, vocabulary)
        logger.debug("Kana reading vocabulary has %d n-grams.", len(vocabulary))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Adds features to every training example (see `process`)."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds reading n-gram sequence and sentence features to each message.

        Args:
            messages: messages tokenised by `SpacyTokenizer`.

        Returns:
            The same messages, with features added for `text`.
        """
        if self._vectorizer is None:
            logger.error("KanaReadingFeaturizer was used before it was trained.")
            return messages
        for message in messages:
            readings = self._token_readings(message)
            if not readings:
                continue
            sequence = self._vectorizer.transform(readings)
            sentence = self._vectorizer.transform([joined_reading(readings)])
            self.add_features_to_message(
                self._as_coo(sequence), self._as_coo(sentence), TEXT, message
            )
        return messages

    @staticmethod
    def _as_coo(matrix: scipy.sparse.spmatrix) -> scipy.sparse.coo_matrix:
        matrix.sort_indices()
        return matrix.tocoo()

    @staticmethod
    def _token_readings(message: Message) -> List[str]:
        """Returns one katakana reading per Rasa token of the message's text."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        doc = message.get(SPACY_DOCS[TEXT])
        by_offset = readings_by_offset(doc) if doc is not None else {}
        return [by_offset.get(token.start) or to_katakana(token.text) for token in tokens]
