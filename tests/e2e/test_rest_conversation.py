"""A resident chats over the REST channel with the running assistant."""

from __future__ import annotations

import uuid
from typing import Any, Dict, List

import pytest
import requests

from bot.town.contact import load_contact
from tests.e2e.conftest import API_TOKEN

pytestmark = [pytest.mark.model, pytest.mark.servers]


def say(base: str, text: str, sender: str = "") -> List[Dict[str, Any]]:
    response = requests.post(
        f"{base}/webhooks/rest/webhook",
        json={"sender": sender or uuid.uuid4().hex, "message": text},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()


def joined(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def test_period_in_kansai_dialect_gets_the_seed_facts_and_says_it_ended(rasa_url: str) -> None:
    text = joined(say(rasa_url, "DXポリシーっていつまでなん？"))
    assert "令和5年度から令和7年度まで" in text
    assert "すでに終わっています" in text


def test_contact_question_gets_the_office_and_its_status(rasa_url: str) -> None:
    text = joined(say(rasa_url, "問い合わせ先は？"))
    contact = load_contact()  # what the servers read: TOWN_DIR or town/
    for fact in (
        contact.office_name,
        contact.postal_code,
        contact.address,
        contact.phone,
        contact.fax,
    ):
        assert fact in text
    assert "今は開いています" in text


def test_garbage_collection_is_routed_to_the_office_with_status(rasa_url: str) -> None:
    text = joined(say(rasa_url, "ゴミの収集日っていつですか"))
    assert "お答えできません" in text
    assert load_contact().phone in text
    assert "今は開いています" in text


def test_full_width_and_half_width_input_is_understood(rasa_url: str) -> None:
    assert "令和5年度から令和7年度まで" in joined(say(rasa_url, "ＤＸﾎﾟﾘｼｰの期間は？"))


def test_button_payload_answers_the_topic(rasa_url: str) -> None:
    replies = say(rasa_url, "/ask_basic_policies")
    assert "行政サービスをより丁寧で親切なものへ" in joined(replies)
    payloads = [button["payload"] for button in replies[0]["buttons"]]
    assert "/ask_basic_policy_smart_municipality" in payloads


def test_a_conversation_keeps_going_over_several_turns(rasa_url: str) -> None:
    sender = uuid.uuid4().hex
    assert "こんにちは" in joined(say(rasa_url, "こんにちは", sender))
    assert "サービスデザイン" in joined(say(rasa_url, "基本理念を教えて", sender))
    assert "どういたしまして" in joined(say(rasa_url, "ありがとう", sender))


@pytest.mark.parametrize("text", ["", "   ", "？", "🙂🙂🙂"])
def test_message_without_words_asks_for_a_question(rasa_url: str, text: str) -> None:
    assert "入力してください" in joined(say(rasa_url, text))


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "'; DROP TABLE x;--", "あ" * 20000])
def test_odd_input_gets_a_polite_answer_not_an_error(rasa_url: str, text: str) -> None:
    replies = say(rasa_url, text)
    assert replies, "the resident must not be left without an answer"
    assert "Traceback" not in joined(replies)


def test_http_api_requires_the_token(rasa_url: str) -> None:
    assert requests.get(f"{rasa_url}/status", timeout=10).status_code == 401
    authorised = requests.get(f"{rasa_url}/status", params={"token": API_TOKEN}, timeout=10)
    assert authorised.status_code == 200
