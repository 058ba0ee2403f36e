"""The language slot after each message, and the language replies."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language_actions import (
    ActionAcknowledgeLanguage,
    ActionTellSupportedLanguages,
    ValidateSlotMappings,
)
from tests.domain_helpers import domain_dict, render


def tracker(
    text: str,
    *,
    intent: str = "ask_policy_period",
    detected: Optional[str] = None,
    slots: Optional[Dict[str, Any]] = None,
    metadata: Optional[Dict[str, Any]] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "language_detection": {"language": detected, "unsupported": None},
    }
    return Tracker(
        sender_id="test-resident",
        slots={"language": "ja", "language_source": "default", **(slots or {})},
        latest_message=latest,
        events=[{"event": "user", "text": text, "metadata": metadata or {}}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def slots_after(current: Tracker) -> Dict[str, Any]:
    events = asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), current, domain_dict()))
    return {event["name"]: event["value"] for event in events}


def test_detected_language_is_set() -> None:
    assert slots_after(tracker("When does it end?", detected="en")) == {
        "language": "en",
        "language_source": "detected",
    }


def test_ambiguous_message_keeps_the_language() -> None:
    current = tracker("ok", slots={"language": "vi", "language_source": "detected"})
    assert slots_after(current)["language"] == "vi"


def test_channel_metadata_applies_when_nothing_is_detected() -> None:
    current = tracker("DX", metadata={"language": "pt-BR"})
    assert slots_after(current) == {"language": "pt", "language_source": "channel"}


@pytest.mark.parametrize(
    ("text", "entities", "chosen"),
    [
        ("やさしい日本語で", [], "easy_ja"),
        ("English please", [], "en"),
        (
            '/choose_language{"language_choice":"ko"}',
            [{"entity": "language_choice", "value": "ko"}],
            "ko",
        ),  # noqa: E501
    ],
)
def test_explicit_choice_wins(text: str, entities: List[Dict[str, Any]], chosen: str) -> None:
    current = tracker(text, intent="choose_language", detected="ja", entities=entities)
    assert slots_after(current) == {"language": chosen, "language_source": "explicit"}


def run(action: Any, current: Tracker) -> List[str]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, current, domain_dict()))
    language = current.get_slot("language")
    return [render(message, language) for message in dispatcher.messages]


def test_choice_is_confirmed_in_the_new_language() -> None:
    current = tracker("English please", intent="choose_language", slots={"language": "en"})
    assert run(ActionAcknowledgeLanguage(), current) == ["From now on, I will answer in English."]


def test_choice_without_a_language_offers_the_languages() -> None:
    current = tracker("change the language", intent="choose_language")
    assert run(ActionAcknowledgeLanguage(), current) == ["どの言語でお答えしましょうか？"]


def test_unsupported_language_answer_lists_languages_with_the_phone() -> None:
    (text,) = run(ActionTellSupportedLanguages(), tracker("hola", intent="unsupported_language"))
    assert "English" in text and "日本語" in text and "0749-42-7680" in text
