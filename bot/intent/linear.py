"""A linear intent model: TF-IDF views -> linear scores -> probabilities.

The shipped kinds (`SHIPPABLE_KINDS`) end in one linear layer and a link
function, computed here with numpy, so a trained model is saved as plain
arrays (no pickle) and scores exactly as it did in cross-validation. The
other kinds were tried in cross-validation only (README, "NLU design").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from scipy.special import expit, softmax
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from bot.intent.corpus import OUT_OF_SCOPE
from bot.intent.features import FeatureSettings, ViewVectorizer
from bot.nlp.views import TextViews

# kind -> what it is; every kind yields probabilities that sum to 1.
CLASSIFIER_KINDS: Dict[str, str] = {
    "logistic_regression": "logistic regression, one-vs-rest (liblinear)",
    "logistic_regression_multinomial": "multinomial logistic regression (lbfgs)",
    "linear_svm": "linear SVM, softmax of its scores with a temperature",
    "linear_svm_sigmoid": "linear SVM, sigmoid-calibrated on 3 inner folds",
    "sgd_log": "logistic regression by SGD, one-vs-rest",
    "complement_nb": "complement naive Bayes",
}
# kind -> how its linear scores become probabilities.
SHIPPABLE_KINDS: Dict[str, str] = {
    "logistic_regression": "one_vs_rest",
    "logistic_regression_multinomial": "softmax",
    "linear_svm": "softmax",
}

Ranking = List[Tuple[str, float]]


@dataclass(frozen=True)
class ClassifierSettings:
    """The classifier and its regularisation.

    `C` is the inverse regularisation strength. `out_of_scope_weight` weighs
    each out_of_scope example against one in-scope example: above 1, unknown
    questions are more readily handed to the office. `temperature` scales the
    SVM's scores before the softmax.
    """

    kind: str = "logistic_regression"
    C: float = 10.0
    out_of_scope_weight: float = 1.0
    temperature: float = 5.0
    max_iter: int = 1000
    random_seed: int = 42

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ClassifierSettings:
        """Reads the settings from a component config; checks the kind."""
        values = {name: config[name] for name in cls.__dataclass_fields__ if name in config}
        settings = cls(**values)
        if settings.kind not in CLASSIFIER_KINDS:
            raise ValueError(
                f"Unknown classifier kind {settings.kind!r}; choose one of "
                f"{', '.join(CLASSIFIER_KINDS)}."
            )
        return settings

    def new_estimator(self) -> Any:
        """A fresh, unfitted scikit-learn estimator for these settings."""
        seed = self.random_seed
        if self.kind == "logistic_regression":
            # The dual problem: scikit-learn's advice when features (~190,000
            # n-grams) outnumber examples (~12,600); with tol 1e-3 it fits in
            # 70% of the primal's time, probabilities within 0.004 of it.
            return LogisticRegression(
                C=self.C, solver="liblinear", dual=True, tol=1e-3, random_state=seed
            )
        if self.kind == "logistic_regression_multinomial":
            return LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=seed)
        if self.kind == "linear_svm":
            return LinearSVC(C=self.C, random_state=seed)
        if self.kind == "linear_svm_sigmoid":
            return CalibratedClassifierCV(LinearSVC(C=self.C, random_state=seed), cv=3)
        if self.kind == "sgd_log":
            return SGDClassifier(
                loss="log_loss",
                alpha=1.0 / (self.C * 10_000),
                tol=None,
                max_iter=50,
                random_state=seed,
            )
        return ComplementNB(alpha=1.0 / self.C)


@dataclass
class LinearLayer:
    """Fitted weights and the link that turns scores into probabilities.

    `coef` is (intents x features); its transpose is kept contiguous, and
    features are cast to its dtype: a sparse row times a transposed view, or
    float64 times float32, would copy the whole matrix on every message.
    """

    intents: List[str]
    coef: np.ndarray
    intercept: np.ndarray
    link: str
    temperature: float = 1.0

    def __post_init__(self) -> None:
        """Prepares the (features x intents) weights used for scoring."""
        self._weights = np.ascontiguousarray(self.coef.T)

    def probabilities(self, features: Any) -> np.ndarray:
        """One row of probabilities per row of `features`, summing to 1."""
        features = features.astype(self._weights.dtype, copy=False)
        scores = np.asarray(features @ self._weights) + self.intercept
        if self.link == "softmax":
            return softmax(scores * self.temperature, axis=1)
        probabilities = expit(scores)
        totals = probabilities.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1.0
        return probabilities / totals

    @classmethod
    def of(cls, estimator: Any, settings: ClassifierSettings) -> LinearLayer:
        """The linear layer of a fitted estimator of a shippable kind."""
        link = SHIPPABLE_KINDS[settings.kind]
        return cls(
            intents=[str(intent) for intent in estimator.classes_],
            coef=np.asarray(estimator.coef_, dtype=np.float32),
            intercept=np.asarray(estimator.intercept_, dtype=np.float32),
            link=link,
            temperature=settings.temperature if settings.kind == "linear_svm" else 1.0,
        )


class LinearIntentModel:
    """Vectorizer and classifier, fitted together on (views, intent) pairs."""

    def __init__(self, features: FeatureSettings, classifier: ClassifierSettings) -> None:
        """Creates an unfitted model."""
        self.features = features
        self.classifier = classifier
        self.vectorizer = ViewVectorizer(features)
        self.layer: Optional[LinearLayer] = None
        self._estimator: Any = None

    def fit(self, messages: Sequence[TextViews], intents: Sequence[str]) -> LinearIntentModel:
        """Fits the model.

        Args:
            messages: the views of the training examples.
            intents: the intent of each example.

        Returns:
            The fitted model itself.
        """
        labels = np.asarray(intents)
        weights = np.where(labels == OUT_OF_SCOPE, self.classifier.out_of_scope_weight, 1.0)
        features = self.vectorizer.fit_transform(messages)
        estimator = self.classifier.new_estimator()
        estimator.fit(features, labels, sample_weight=weights)
        if self.classifier.kind in SHIPPABLE_KINDS:
            self.layer = LinearLayer.of(estimator, self.classifier)
        else:
            self._estimator = estimator
        return self

    @property
    def intents(self) -> List[str]:
        """The intents the model knows, in the column order of `probabilities`."""
        if self.layer is not None:
            return self.layer.intents
        return [str(intent) for intent in self._estimator.classes_]

    @property
    def feature_count(self) -> int:
        """Number of features of the fitted vectorizer."""
        return self.vectorizer.size

    def probabilities(self, messages: Sequence[TextViews]) -> np.ndarray:
        """One row of intent probabilities (summing to 1) per message."""
        features = self.vectorizer.transform(messages)
        if self.layer is not None:
            return self.layer.probabilities(features)
        return self._estimator.predict_proba(features)

    def rankings(self, messages: Sequence[TextViews]) -> List[Ranking]:
        """Each message's intents with their probabilities, most likely first."""
        intents = self.intents
        return [
            sorted(zip(intents, map(float, row), strict=True), key=lambda item: (-item[1], item[0]))
            for row in self.probabilities(messages)
        ]

    def settings(self) -> Dict[str, Any]:
        """Both settings as one JSON-able mapping (what a saved model records)."""
        return {"features": asdict(self.features), "classifier": asdict(self.classifier)}
