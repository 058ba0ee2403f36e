"""The intent-classifier variants cross-validated by `bot.bench.nlu_variants`.

`BASE` is logistic regression (one-vs-rest, C=10) over the three views with
the surface view weighted 1.5 and each out_of_scope example weighted 12; most
variants change one thing of it. `CHOSEN` is what config.yml ships (a test
keeps the two equal): the best objective, ties going to the variant that
routes more out-of-scope questions (README, "NLU design").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Tuple

from bot.intent.features import FeatureSettings
from bot.intent.linear import ClassifierSettings, LinearIntentModel


@dataclass(frozen=True)
class Variant:
    """One candidate: features and classifier settings as config.yml would give them."""

    name: str
    description: str
    config: Mapping[str, Any] = field(default_factory=dict)

    def new_model(self) -> LinearIntentModel:
        """An unfitted model for this variant."""
        return LinearIntentModel(
            FeatureSettings.from_config(self.config), ClassifierSettings.from_config(self.config)
        )


_NO_VIEWS = {"surface_ngrams": None, "lemma_ngrams": None, "reading_ngrams": None}
BASE = {"surface_weight": 1.5, "C": 10, "out_of_scope_weight": 12.0}
CHOSEN = {**BASE, "C": 30}

VARIANTS: Tuple[Variant, ...] = (
    Variant(
        "surface",
        "LR C=10; surface char_wb 1-4 only",
        {**_NO_VIEWS, "surface_ngrams": [1, 4], "C": 10},
    ),
    Variant(
        "surface_lemma",
        "LR C=10; surface + GiNZA lemmas 1-2",
        {**_NO_VIEWS, "surface_ngrams": [1, 4], "lemma_ngrams": [1, 2], "C": 10},
    ),
    Variant(
        "surface_reading",
        "LR C=10; surface + kana readings 1-3",
        {**_NO_VIEWS, "surface_ngrams": [1, 4], "reading_ngrams": [1, 3], "C": 10},
    ),
    Variant("three_views", "LR C=10; surface + lemmas + readings, equal weights", {"C": 10}),
    Variant(
        "oos_weight_1",
        "LR C=10; three views, surface 1.5, out_of_scope weight 1",
        {**BASE, "out_of_scope_weight": 1.0},
    ),
    *(
        Variant(
            f"oos_weight_{weight}",
            f"base with out_of_scope weight {weight}",
            {**BASE, "out_of_scope_weight": float(weight)},
        )
        for weight in (2, 3, 5, 8)
    ),
    Variant("base", "**base**: LR C=10; three views, surface 1.5, out_of_scope weight 12", BASE),
    Variant(
        "oos_weight_20",
        "base with out_of_scope weight 20",
        {**BASE, "out_of_scope_weight": 20.0},
    ),
    Variant("c3", "base with C=3", {**BASE, "C": 3}),
    Variant("chosen", "base with C=30 (**shipped default**)", CHOSEN),
    Variant("c100", "base with C=100", {**BASE, "C": 100}),
    Variant("c300", "base with C=300", {**BASE, "C": 300}),
    Variant(
        "char_across_words",
        "base with surface char 1-5 across word boundaries",
        {**BASE, "surface_analyzer": "char", "surface_ngrams": [1, 5]},
    ),
    Variant(
        "longer_ngrams",
        "base with surface 2-5, lemmas 1-3, readings 2-4",
        {**BASE, "surface_ngrams": [2, 5], "lemma_ngrams": [1, 3], "reading_ngrams": [2, 4]},
    ),
    Variant("min_df_2", "base with n-grams seen at least twice", {**BASE, "min_df": 2}),
    Variant(
        "no_korean_stems",
        "base without Korean particle-less stems",
        {**BASE, "korean_stems": False},
    ),
    Variant(
        "multinomial",
        "base as multinomial LR (lbfgs)",
        {**BASE, "kind": "logistic_regression_multinomial"},
    ),
    Variant(
        "svm_softmax",
        "base as linear SVM C=1, softmax T=5",
        {**BASE, "kind": "linear_svm", "C": 1, "temperature": 5},
    ),
    Variant(
        "svm_sigmoid",
        "base as linear SVM C=1, sigmoid-calibrated",
        {**BASE, "kind": "linear_svm_sigmoid", "C": 1},
    ),
    Variant("sgd_log", "base as LR by SGD", {**BASE, "kind": "sgd_log"}),
    Variant(
        "complement_nb",
        "base as complement naive Bayes",
        {**BASE, "kind": "complement_nb", "C": 3},
    ),
)
