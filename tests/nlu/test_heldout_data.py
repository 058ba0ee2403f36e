"""The held-out files and the routing rules, checked without a model.

The gate itself (tests/nlu/test_heldout_gate.py) needs the trained model; these
checks read only data files, so `make test-unit` runs them.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from tests.nlu.test_heldout_gate import (
    LANGUAGES,
    MIN_OUT_OF_SCOPE_QUESTIONS,
    MIN_QUESTIONS_PER_INTENT,
    ROUTED,
    TRAINING_DATA,
    heldout_examples,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_covers_every_intent(language: str) -> None:
    counts = Counter(intent for _, intent in heldout_examples(language))
    trained = {example.get("intent") for example in load_data(str(TRAINING_DATA)).intent_examples}
    assert set(counts) == trained
    in_scope = {intent: n for intent, n in counts.items() if intent != "out_of_scope"}
    assert min(in_scope.values()) >= MIN_QUESTIONS_PER_INTENT
    assert counts["out_of_scope"] >= MIN_OUT_OF_SCOPE_QUESTIONS


def test_routing_covers_the_office_intents() -> None:
    assert {"out_of_scope", "nlu_fallback", "request_human"} <= ROUTED
    assert not any(intent.startswith("ask_") for intent in ROUTED)
