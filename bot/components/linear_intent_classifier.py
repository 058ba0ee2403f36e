"""Rasa intent classifier: a linear model over GiNZA's views of each message.

It trains in seconds where DIET took 20 to 70 minutes on two cores, and
scored at least as well on the held-out questions of every language (README,
"NLU design"). Its probabilities feed the FallbackClassifier after it, whose
threshold and ambiguity margin were chosen by cross-validation.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.fingerprint import HelperFingerprint
from bot.intent.features import FeatureSettings
from bot.intent.fit_cache import cached_fit
from bot.intent.linear import SHIPPABLE_KINDS, ClassifierSettings, LinearIntentModel
from bot.intent.storage import load_model, save_model
from bot.nlp.views import views_of_doc

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(HelperFingerprint, GraphComponent, IntentClassifier):
    """Intent probabilities from TF-IDF views (surface, lemmas, readings) and a linear model.

    Options are `bot.intent.features.FeatureSettings` (views, n-grams,
    weights) and `bot.intent.linear.ClassifierSettings` (kind, C,
    out_of_scope_weight), plus Rasa's `ranking_length`.
    """

    @classmethod
    def required_components(cls) -> List[Type]:
        """Needs the GiNZA `Doc` of each message (GinzaNLP or SpacyNLP)."""
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The settings chosen by cross-validation (see README, NLU design)."""
        return {
            "ranking_length": 10,
            "surface_ngrams": [1, 4],
            "surface_analyzer": "char_wb",
            "lemma_ngrams": [1, 2],
            "reading_ngrams": [1, 3],
            "surface_weight": 1.5,
            "lemma_weight": 1.0,
            "reading_weight": 1.0,
            "min_df": 1,
            "sublinear_tf": True,
            "kind": "logistic_regression",
            "C": 30.0,
            "out_of_scope_weight": 12.0,
            "temperature": 5.0,
            "random_seed": 42,
        }

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        """Any language GiNZA tokenises; the views fall back to the surface text."""
        return None

    @staticmethod
    def required_packages() -> List[Text]:
        """scikit-learn fits the model; numpy and scipy score it."""
        return ["sklearn", "scipy", "numpy"]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Checks the settings can be built and saved."""
        try:
            FeatureSettings.from_config(config)
            settings = ClassifierSettings.from_config(config)
        except (TypeError, ValueError) as error:
            raise InvalidConfigException(f"LinearIntentClassifier: {error}") from error
        if settings.kind not in SHIPPABLE_KINDS:
            raise InvalidConfigException(
                f"LinearIntentClassifier cannot save a {settings.kind!r} model; "
                f"choose one of {', '.join(SHIPPABLE_KINDS)}."
            )

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[LinearIntentModel] = None,
    ) -> None:
        """Creates the classifier, trained when `model` is given."""
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        """Creates an untrained classifier (see parent class for full docstring)."""
        config = {**cls.get_default_config(), **config}
        cls.validate_config(config)
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Loads the trained model (see parent class for full docstring)."""
        config = {**cls.get_default_config(), **config}
        with model_storage.read_from(resource) as folder:
            model = load_model(folder)
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the model on every intent example that GiNZA parsed.

        An identical earlier fit is reused (`bot.intent.fit_cache`): Rasa
        retrains this component when only a response text changed.

        Args:
            training_data: NLU data processed by the normaliser and GinzaNLP.

        Returns:
            The resource the model was saved to.
        """
        examples = [
            message
            for message in training_data.intent_examples
            if message.get(SPACY_DOCS[TEXT]) is not None
        ]
        intents = {message.get(INTENT) for message in examples}
        if len(intents) < 2:
            raise InvalidConfigException(
                "LinearIntentClassifier needs examples of at least two intents in data/nlu; "
                f"found {sorted(intents)}."
            )
        started = time.perf_counter()
        model = cached_fit(
            [views_of_doc(message.get(SPACY_DOCS[TEXT])) for message in examples],
            [message.get(INTENT) for message in examples],
            LinearIntentModel(
                FeatureSettings.from_config(self._config),
                ClassifierSettings.from_config(self._config),
            ),
        )
        logger.info(
            "Intent model (%s): %d examples, %d intents, %d features, ready in %.1f s.",
            model.classifier.kind,
            len(examples),
            len(intents),
            model.feature_count,
            time.perf_counter() - started,
        )
        with self._model_storage.write_to(self._resource) as folder:
            save_model(model, folder)
        self._model = model
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets `intent` and `intent_ranking` of each message with text.

        Button payloads ("/intent{...}") are classified like text too, since
        the FallbackClassifier after this needs an intent; Rasa's
        RegexMessageHandler, last in the graph, then sets the payload's own.
        Messages without a GiNZA `Doc` (blank text) are left to the fallback.
        """
        if self._model is None:
            logger.error("LinearIntentClassifier was used before it was trained.")
            return messages
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            ranking = self._model.rankings([views_of_doc(doc)])[0]
            length = self._config["ranking_length"]
            if length > 0:
                ranking = ranking[:length]
            items = [{"name": name, "confidence": confidence} for name, confidence in ranking]
            message.set(INTENT, items[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, items, add_to_output=True)
        return messages
