"""The intents' roles, derived from the domain and the rules, checked against them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.dialogue.intent_roles import (
    BUTTON_REPLY_INTENTS,
    FALLBACK_INTENT,
    OUT_OF_SCOPE_INTENT,
    domain_intents,
    intent_roles,
    routed_intents,
)
from bot.review.capture.hook import REASON_BY_INTENT
from bot.review.triage.topics import CONVERSATION_TITLES
from bot.town.topic_titles import load_topic_titles

ROLES = intent_roles()


def test_every_intent_of_the_domain_has_exactly_one_role() -> None:
    groups = [set(ROLES.topics), ROLES.routed, ROLES.conversation, ROLES.signals]
    for intent in domain_intents():
        assert sum(intent in group for group in groups) == 1, intent
    declared = ROLES.conversation | ROLES.signals | BUTTON_REPLY_INTENTS
    assert declared <= set(domain_intents())
    assert ROLES.routed - {FALLBACK_INTENT} <= set(domain_intents())


def test_routed_intents_are_those_the_rules_hand_to_the_office() -> None:
    assert ROLES.routed == routed_intents()
    assert {FALLBACK_INTENT, OUT_OF_SCOPE_INTENT, "request_human", "deny"} <= ROLES.routed
    assert not ROLES.routed & set(ROLES.topics)


def test_every_routed_intent_has_a_reason_in_the_inbox() -> None:
    assert set(REASON_BY_INTENT) == ROLES.routed


def test_topics_are_the_suggestion_buttons() -> None:
    assert set(ROLES.topics) == set(load_topic_titles("ja").topics)


def test_staff_assign_neither_signals_nor_button_replies() -> None:
    assert ROLES.assignable == set(domain_intents()) - ROLES.signals - BUTTON_REPLY_INTENTS
    assert set(ROLES.topics) <= ROLES.assignable
    assert ROLES.is_topic("ask_contact") and not ROLES.is_topic("greet")


@pytest.mark.parametrize("language", sorted(CONVERSATION_TITLES))
def test_every_assignable_intent_besides_topics_has_a_staff_title(language: str) -> None:
    assert set(CONVERSATION_TITLES[language]) == ROLES.assignable - set(ROLES.topics)


@pytest.fixture
def tiny_bot(tmp_path: Path) -> tuple:
    (tmp_path / "rules").mkdir()
    domain = tmp_path / "domain.yml"
    domain.write_text(
        yaml.safe_dump({"intents": ["ask_fees", "greet", "complain", "non_text_message"]}),
        encoding="utf-8",
    )
    rules = {
        "rules": [
            {"rule": "a", "steps": [{"intent": "complain"}, {"action": "action_route_to_office"}]},
            {"rule": "b", "steps": [{"intent": "greet"}, {"action": "utter_greet"}]},
        ]
    }
    (tmp_path / "rules" / "all.yml").write_text(yaml.safe_dump(rules), encoding="utf-8")
    return domain, tmp_path / "rules"


def test_roles_follow_the_rules_of_another_bot(tiny_bot: tuple) -> None:
    roles = intent_roles(*tiny_bot)
    assert roles.routed == {FALLBACK_INTENT, "complain"}
    assert roles.topics == ("ask_fees",)
    assert roles.assignable == {"ask_fees", "greet", "complain"}


def test_an_unreadable_domain_gives_no_intents(tmp_path: Path) -> None:
    assert domain_intents(tmp_path / "missing.yml") == ()
