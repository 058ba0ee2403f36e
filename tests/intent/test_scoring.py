"""Scoring as the gate and the cross-validation count it."""

from __future__ import annotations

import pytest

from bot.dialogue.intent_roles import routed_intents
from bot.intent.corpus import Example, language_of_training_file
from bot.intent.scoring import (
    FALLBACK_INTENT,
    falls_back,
    predicted_intent,
    score_by_language,
)
from tests.domain_helpers import ROOT


@pytest.mark.parametrize(
    ("ranking", "threshold", "ambiguity", "expected"),
    [
        ([("greet", 0.9), ("thank", 0.05)], 0.4, 0.05, False),
        ([("greet", 0.3), ("thank", 0.2)], 0.4, 0.0, True),  # below the threshold
        ([("greet", 0.45), ("thank", 0.42)], 0.4, 0.05, True),  # ambiguous
        ([("greet", 0.45), ("thank", 0.42)], 0.4, 0.0, False),
        ([], 0.0, 0.0, True),
    ],
)
def test_falls_back_as_rasas_fallback_classifier(
    ranking: list, threshold: float, ambiguity: float, expected: bool
) -> None:
    assert falls_back(ranking, threshold, ambiguity) is expected


def test_predicted_intent_is_the_fallback_or_the_best() -> None:
    assert predicted_intent([("greet", 0.1)], 0.2, 0.0) == FALLBACK_INTENT
    assert predicted_intent([("greet", 0.9)], 0.2, 0.0) == "greet"


def test_routed_intents_come_from_the_rules() -> None:
    routed = routed_intents()
    assert {"out_of_scope", "request_human", FALLBACK_INTENT} <= routed
    assert not any(intent.startswith("ask_") for intent in routed)


def test_scores_per_language() -> None:
    routed = frozenset({"out_of_scope", FALLBACK_INTENT})
    pairs = [
        (Example("q1", "ask_contact", "en"), "ask_contact"),
        (Example("q2", "ask_contact", "en"), FALLBACK_INTENT),  # in scope, fallback: an error
        (Example("q3", "out_of_scope", "en"), FALLBACK_INTENT),  # routed
        (Example("q4", "out_of_scope", "en"), "ask_contact"),  # answered: not routed
        (Example("q5", "greet", "ko"), "greet"),
    ]
    scores = score_by_language(pairs, routed)
    assert scores["en"].accuracy == 0.5 and scores["en"].routed_share == 0.5
    assert scores["ko"].accuracy == 1.0 and scores["ko"].out_of_scope == 0


@pytest.mark.parametrize(
    ("relative", "language"),
    [
        ("out_of_scope.yml", "ja"),
        ("en/out_of_scope.yml", "en"),
        ("reviewed/pt.yml", "pt"),
        ("reviewed/easy_ja.yml", "ja"),
        ("reviewed/ja.yml", "ja"),
    ],
)
def test_language_of_a_training_file(relative: str, language: str) -> None:
    root = ROOT / "data" / "nlu"
    assert language_of_training_file(root / relative, root) == language
