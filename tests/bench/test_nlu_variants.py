"""Choosing the classifier and the fallback settings by cross-validation."""

from __future__ import annotations

from typing import List

import pytest

from bot.bench.nlu_variants import (
    VARIANTS,
    CrossValidation,
    Variant,
    choose_thresholds,
    cross_validate,
    objective,
)
from bot.components.linear_intent_classifier import LinearIntentClassifier
from bot.intent.corpus import Example
from bot.nlp.views import TextViews

ROUTED = frozenset({"out_of_scope", "nlu_fallback"})


def _example(intent: str, language: str = "en") -> Example:
    return Example(text=intent, intent=intent, language=language)


def test_objective_is_the_mean_of_both_shares_over_languages() -> None:
    scores = {
        "ja": {"intent_accuracy": 1.0, "out_of_scope_routed": 0.8},
        "en": {"intent_accuracy": 0.8, "out_of_scope_routed": 0.6},
    }
    assert objective(scores) == pytest.approx(0.8)


def test_a_tie_goes_to_the_setting_that_routes_more() -> None:
    """Threshold 0.5 loses one in-scope answer but routes one more unknown
    question: the same objective, so safety wins."""
    examples = [_example("ask_contact"), _example("ask_contact"), _example("out_of_scope")] * 1
    rankings = [
        [("ask_contact", 0.9), ("out_of_scope", 0.1)],
        [("ask_contact", 0.45), ("out_of_scope", 0.3)],  # in scope, weak
        [("ask_contact", 0.45), ("out_of_scope", 0.3)],  # out of scope, looks like a topic
    ]
    result = CrossValidation(Variant("v", "v"), rankings, [0.1], 10)
    threshold, ambiguity, scores = choose_thresholds(result, examples, ROUTED)
    assert threshold > 0.45
    assert scores["en"]["out_of_scope_routed"] == 1.0
    assert scores["en"]["intent_accuracy"] == 0.5


def _views(text: str) -> TextViews:
    return TextViews(surface=text, lemmas=tuple(text.split()), reading=text)


def test_every_example_gets_an_out_of_fold_ranking() -> None:
    texts = {
        "ask_contact": ["phone number", "contact address", "how to call", "email office"],
        "ask_office_hours": ["opening hours", "when open", "closed today", "hours please"],
        "out_of_scope": ["garbage day", "bus times", "weather", "tax payment"],
    }
    examples: List[Example] = []
    views: List[TextViews] = []
    for language in ("en", "pt"):
        for intent, lines in texts.items():
            for line in lines:
                examples.append(Example(line, intent, language))
                views.append(_views(line))
    variant = Variant("chosen", "LR", {"C": 10})
    result = cross_validate(variant, views, examples, folds=2)
    assert len(result.rankings) == len(examples)
    assert all(len(ranking) == 3 for ranking in result.rankings)
    assert len(result.fit_seconds) == 2


def test_the_shipped_config_is_the_chosen_variant() -> None:
    """config.yml's classifier options are those of the variant marked default."""
    import yaml

    from tests.domain_helpers import ROOT

    chosen = next(variant for variant in VARIANTS if variant.name == "chosen")
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    step = next(s for s in pipeline if s["name"].endswith("LinearIntentClassifier"))
    shipped = {**LinearIntentClassifier.get_default_config(), **step}
    for option, value in chosen.config.items():
        assert shipped[option] == value, option
