"""「解決しましたか？」 over the REST channel with the running assistant: after a
topic answer (its own buttons kept), never after a greeting; はい thanks,
いいえ gives the office's contact."""

from __future__ import annotations

import uuid
from typing import Any, Dict, List

import pytest

from bot.town.contact import load_contact
from tests.domain_helpers import variation
from tests.e2e.test_rest_conversation import joined, say

pytestmark = [pytest.mark.model, pytest.mark.servers]

YES = '/feedback{"helpful": "yes"}'
NO = '/feedback{"helpful": "no"}'


def payloads(replies: List[Dict[str, Any]]) -> List[str]:
    return [button["payload"] for reply in replies for button in reply.get("buttons") or []]


def test_a_topic_answer_ends_with_the_feedback_buttons(rasa_url: str) -> None:
    replies = say(rasa_url, "/ask_basic_policies")
    assert "/ask_basic_policy_smart_municipality" in payloads(replies[:-1])
    assert replies[-1]["text"] == variation("utter_ask_feedback", "ja")["text"]
    assert payloads(replies[-1:]) == [YES, NO]
    assert [button["title"] for button in replies[-1]["buttons"]] == ["はい", "いいえ"]


def test_the_feedback_buttons_come_in_the_residents_language(rasa_url: str) -> None:
    replies = say(rasa_url, "When does the DX policy end?")
    assert replies[-1]["text"] == variation("utter_ask_feedback", "en")["text"]
    assert [button["title"] for button in replies[-1]["buttons"]] == ["Yes", "No"]


@pytest.mark.parametrize("text", ["こんにちは", "ゴミの収集日っていつですか"])
def test_greetings_and_routed_questions_get_no_feedback_buttons(rasa_url: str, text: str) -> None:
    replies = say(rasa_url, text)
    assert YES not in payloads(replies) and NO not in payloads(replies)


def test_yes_thanks_and_no_gives_the_office_contact(rasa_url: str) -> None:
    sender = uuid.uuid4().hex
    say(rasa_url, "DXポリシーの期間は？", sender)
    assert joined(say(rasa_url, YES, sender)) == variation("utter_feedback_thanks", "ja")["text"]
    say(rasa_url, "DXってなに？", sender)
    text = joined(say(rasa_url, NO, sender))
    assert variation("utter_feedback_sorry", "ja")["text"] in text
    assert load_contact().phone in text
