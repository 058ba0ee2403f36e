"""Questions routed to the office are captured (redacted, with the right reason)
before the reply, and the reply still goes out when the database is down."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.engine import URL

from actions.language_actions import ValidateSlotMappings
from actions.routing_actions import ActionRouteToOffice
from bot.review.capture import hook as capture
from bot.review.models import Candidate, QuestionFilter
from bot.review.storage import schema
from bot.review.storage.store import ReviewStore
from tests.domain_helpers import domain_dict

FALLBACK_RANKING = [
    {"name": "nlu_fallback", "confidence": 0.55},
    {"name": "ask_principle_no_one_left_behind", "confidence": 0.42},
    {"name": "ask_digital_divide_support", "confidence": 0.40},
    {"name": "greet", "confidence": 0.02},
    {"name": "thank", "confidence": 0.01},
    {"name": "goodbye", "confidence": 0.01},
    {"name": "deny", "confidence": 0.005},
]


def user_event(
    text: str, intent: str, ranking: Optional[List[Dict[str, Any]]] = None, channel: str = "line"
) -> Dict[str, Any]:
    ranking = ranking or [{"name": intent, "confidence": 0.9}]
    return {
        "event": "user",
        "text": text,
        "input_channel": channel,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": ranking,
        },
        "metadata": {},
    }


def make_tracker(*events: Dict[str, Any], language: str = "ja") -> Tracker:
    latest = events[-1]["parse_data"] | {"text": events[-1]["text"]}
    return Tracker(
        sender_id="resident-42",
        slots={"language": language, "language_source": "default"},
        latest_message=latest,
        events=list(events),
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def route(tracker: Tracker) -> List[str]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRouteToOffice().run(dispatcher, tracker, domain_dict()))
    return [message.get("response") for message in dispatcher.messages]


def captured(store: ReviewStore) -> list:
    return store.list_questions(QuestionFilter())[0]


@pytest.fixture(autouse=True)
def weekday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-11-24T10:00:00+09:00")


@pytest.mark.parametrize(
    ("intent", "reason", "first_reply"),
    [
        ("out_of_scope", "out_of_scope", "utter_cannot_answer"),
        ("request_human", "request_human", "utter_handoff_intro"),
        ("nlu_fallback", "fallback", "utter_cannot_answer"),
        ("ask_policy_period", "fallback", "utter_cannot_answer"),  # core fallback
    ],
)
def test_each_routing_path_is_captured_redacted(
    action_store: ReviewStore, intent: str, reason: str, first_reply: str
) -> None:
    text = "ゴミの日を090-1234-5678に教えて"
    replies = route(make_tracker(user_event(text, intent, channel="line")))
    assert replies[0] == first_reply
    (question,) = captured(action_store)
    assert question.text == "ゴミの日を[PHONE]に教えて"
    assert (question.reason, question.channel, question.language) == (reason, "line", "ja")


def test_suggestions_offered_are_captured_with_the_guesses(action_store: ReviewStore) -> None:
    replies = route(make_tracker(user_event("取り残されない？", "nlu_fallback", FALLBACK_RANKING)))
    assert replies == ["utter_suggest_topics"]
    (question,) = captured(action_store)
    assert question.reason == "fallback"
    assert [c.intent for c in question.candidates] == [
        "ask_principle_no_one_left_behind",
        "ask_digital_divide_support",
        "greet",
        "thank",
        "goodbye",
    ]
    assert question.candidates[0] == Candidate("ask_principle_no_one_left_behind", 0.42)


def test_none_of_these_updates_the_question_to_not_helpful(action_store: ReviewStore) -> None:
    question = user_event("取り残されない？", "nlu_fallback", FALLBACK_RANKING)
    route(make_tracker(question))
    replies = route(
        make_tracker(question, {"event": "bot", "text": "もしかして"}, user_event("/deny", "deny"))
    )
    assert replies[0] == "utter_cannot_answer"
    (stored,) = captured(action_store)
    assert (stored.text, stored.reason) == ("取り残されない?", "not_helpful")


def test_that_did_not_help_captures_the_previous_question(action_store: ReviewStore) -> None:
    answered = user_event(
        "DXポリシーの期間は？",
        "ask_policy_period",
        [{"name": "ask_policy_period", "confidence": 0.8}],
        channel="rest",
    )
    route(make_tracker(answered, {"event": "bot", "text": "..."}, user_event("違う", "deny")))
    (stored,) = captured(action_store)
    assert (stored.text, stored.reason, stored.channel) == (
        "DXポリシーの期間は?",
        "not_helpful",
        "rest",
    )
    assert stored.candidates == (Candidate("ask_policy_period", 0.8),)


def test_deny_without_an_earlier_question_captures_nothing(action_store: ReviewStore) -> None:
    assert route(make_tracker(user_event("違う", "deny")))[0] == "utter_cannot_answer"
    assert captured(action_store) == []


@pytest.mark.parametrize("text", ["？", "🙂🙂", "/ask_contact"])
def test_wordless_messages_and_payloads_are_not_captured(
    action_store: ReviewStore, text: str
) -> None:
    route(make_tracker(user_event(text, "nlu_fallback")))
    assert captured(action_store) == []


def test_reply_is_sent_when_the_database_is_down(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("REVIEW_DB_NAME", str(blocked / "review.db"))  # cannot be created
    monkeypatch.setenv("REVIEW_HASH_KEY", "k")
    capture.use_review_store(None)
    try:
        replies = route(make_tracker(user_event("秘密の質問 090-1234-5678", "out_of_scope")))
    finally:
        capture.use_review_store(None)
    assert replies == ["utter_cannot_answer", "utter_contact_details", "utter_office_open_now"]
    assert "Review store unavailable" in caplog.text
    assert "秘密" not in caplog.text and "090" not in caplog.text


def test_reply_is_sent_when_a_write_fails(
    action_store: ReviewStore, caplog: pytest.LogCaptureFixture
) -> None:
    broken = ReviewStore(action_store.engine, action_store.settings)
    with action_store.engine.begin() as connection:
        connection.execute(schema.questions.delete())
    schema.questions.drop(action_store.engine)
    capture.use_review_store(broken)
    replies = route(make_tracker(user_event("秘密の質問", "out_of_scope")))
    assert replies[0] == "utter_cannot_answer"
    assert "Could not capture" in caplog.text and "秘密" not in caplog.text


def test_every_message_is_counted_without_text(action_store: ReviewStore) -> None:
    for text, intent in [
        ("期間は？", "ask_policy_period"),
        ("ゴミの日", "nlu_fallback"),
        ("？", "nlu_fallback"),
    ]:
        tracker = make_tracker(user_event(text, intent, channel="line"))
        asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, domain_dict()))
    assert capture.flush_message_counts() == 2
    with action_store.engine.connect() as connection:
        rows = sorted(
            (r.channel, r.language, r.intent, r.routed, r.count)
            for r in connection.execute(select(schema.message_counts))
        )
    assert rows == [
        ("line", "ja", "ask_policy_period", False, 1),
        ("line", "ja", "nlu_fallback", True, 1),
    ]


def test_store_is_opened_lazily_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("REVIEW_DB_NAME", str(tmp_path / "lazy.db"))
    monkeypatch.setenv("REVIEW_HASH_KEY", "k")
    capture.use_review_store(None)
    try:
        assert not (tmp_path / "lazy.db").exists()
        first = capture.review_store()
        assert first is not None and first is capture.review_store()
        assert URL.create("sqlite", database=str(tmp_path / "lazy.db")) == first.settings.db_url
    finally:
        capture.close_review_store()
