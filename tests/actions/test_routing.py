"""When to offer "もしかして…" buttons and when to route to the office."""

from typing import Dict, List, Union

import pytest

from actions.routing import suggested_topics, suggestion_buttons
from bot.town.topic_titles import load_topic_titles

Ranking = List[Dict[str, Union[str, float]]]
TOPICS = load_topic_titles("ja").topics


def ranking(*pairs: tuple) -> Ranking:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize(
    ("intent_ranking", "expected"),
    [
        # Two policies close together: offer both (and a third likely one).
        (
            ranking(
                ("nlu_fallback", 0.55),
                ("ask_basic_policies", 0.41),
                ("ask_basic_policy_kind_service", 0.38),
                ("ask_basic_policy_daily_life", 0.12),
                ("greet", 0.05),
            ),
            ["ask_basic_policies", "ask_basic_policy_kind_service", "ask_basic_policy_daily_life"],
        ),
        # Chit-chat intents are never suggested.
        (
            ranking(("nlu_fallback", 0.55), ("greet", 0.5), ("ask_contact", 0.3)),
            ["ask_contact"],
        ),
        # Out of scope is the best guess: route, do not suggest.
        (ranking(("nlu_fallback", 0.55), ("out_of_scope", 0.4), ("ask_contact", 0.35)), []),
        # Nothing likely enough.
        (ranking(("nlu_fallback", 0.55), ("ask_contact", 0.15), ("ask_ooda_loop", 0.14)), []),
        # Weak third candidate is dropped.
        (
            ranking(("ask_contact", 0.45), ("ask_office_hours", 0.4), ("ask_ooda_loop", 0.05)),
            ["ask_contact", "ask_office_hours"],
        ),
        ([], []),
    ],
)
def test_suggested_topics(intent_ranking: Ranking, expected: List[str]) -> None:
    assert suggested_topics(intent_ranking, TOPICS) == expected


def test_buttons_carry_intent_payloads_and_a_way_out() -> None:
    titles = load_topic_titles("ja")
    buttons = suggestion_buttons(["ask_policy_period", "ask_contact"], titles)
    assert buttons == [
        {"title": "計画期間", "payload": "/ask_policy_period"},
        {"title": "問い合わせ先", "payload": "/ask_contact"},
        {"title": "どれでもない", "payload": "/deny"},
    ]


def test_every_policy_topic_has_a_title() -> None:
    from tests.domain_helpers import topic_intents

    assert set(topic_intents()) <= set(TOPICS)
