"""A second intent classifier whose probabilities are blended with DIET's.

DIET (a neural network over every feature) and a logistic regression over the
same sentence features make different mistakes on short, unusual resident
messages. Averaging their probabilities gave a more accurate and better
calibrated ranking on a held-out split of the training data (see README,
"NLU design"), which the FallbackClassifier then thresholds.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.fingerprint import HelperFingerprint

logger = logging.getLogger(__name__)


def blend_rankings(
    first: Mapping[str, float], second: Mapping[str, float], *, first_weight: float
) -> List[Dict[str, Any]]:
    """Blends two intent probability maps into one ranking, best first.

    An intent missing from one map counts as probability 0 there.

    Args:
        first: intent -> probability from one classifier.
        second: intent -> probability from the other.
        first_weight: weight of `first`, between 0 and 1.

    Returns:
        `[{"name": intent, "confidence": p}, ...]` sorted by confidence.
    """
    names = set(first) | set(second)
    blended = {
        name: first_weight * first.get(name, 0.0) + (1 - first_weight) * second.get(name, 0.0)
        for name in names
    }
    return [
        {"name": name, "confidence": float(confidence)}
        for name, confidence in sorted(blended.items(), key=lambda item: (-item[1], item[0]))
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class BlendedIntentClassifier(HelperFingerprint, LogisticRegressionClassifier):
    """Logistic regression blended with the ranking of the classifier before it.

    Put it right after DIETClassifier and before FallbackClassifier.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Rasa's logistic regression options plus the blend's.

        `previous_weight` is the share given to the previous classifier. `C`
        and `class_weight` are passed to scikit-learn (Rasa's own component
        fixes them to 1.0 and "balanced"; balancing would shrink the large
        out_of_scope class, which must stay likely for unknown questions).
        """
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "previous_weight": 0.5,
            "C": 1.0,
            "class_weight": "balanced",
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        """Creates the classifier with the configured regularisation and weights."""
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"], class_weight=self.config["class_weight"])

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Checks the weight is a share."""
        super().validate_config(config)
        if not 0.0 <= config["previous_weight"] <= 1.0:
            raise InvalidConfigException("previous_weight must be between 0 and 1.")

    def process(self, messages: List[Message]) -> List[Message]:
        """Replaces the intent ranking with the blended one.

        Messages without features (blank text, intent payloads) keep the
        previous classifier's result.
        """
        for message in messages:
            if not self._has_features(message):
                continue
            probabilities = self.clf.predict_proba(self._create_X([message]))[0]
            own = dict(zip(self.clf.classes_, probabilities, strict=True))
            previous = {
                item["name"]: item["confidence"] for item in message.get(INTENT_RANKING_KEY) or []
            }
            ranking = blend_rankings(previous, own, first_weight=self.config["previous_weight"])
            if self.config["ranking_length"] > 0:
                ranking = ranking[: self.config["ranking_length"]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _has_features(message: Message) -> bool:
        sparse = message.get_sparse_features(TEXT)[1]
        dense = message.get_dense_features(TEXT)[1]
        return sparse is not None or dense is not None
