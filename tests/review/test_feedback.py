"""「解決しましたか？」: はい is counted; いいえ is counted and puts the question
that got the answer into the inbox (redacted, reason "not_helpful")."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback_actions import ActionOfferFeedback, ActionRecordFeedback
from bot.review.capture.feedback import feedback_of, helpful_value, record_feedback
from bot.review.models import QuestionFilter, StatsFilter
from bot.review.storage.store import ReviewStore
from tests.domain_helpers import domain_dict
from tests.review.conftest import FakeClock
from tests.review.test_capture_hook import make_tracker, user_event


def feedback_event(helpful: str, channel: str = "line") -> Dict[str, Any]:
    event = user_event(f'/feedback{{"helpful": "{helpful}"}}', "feedback", channel=channel)
    event["parse_data"]["entities"] = [{"entity": "helpful", "value": helpful}]
    return event


def feedback_tracker(question: str, topic: str, helpful: str, language: str = "ja") -> Tracker:
    tracker = make_tracker(user_event(question, topic), feedback_event(helpful), language=language)
    tracker.latest_message["entities"] = [{"entity": "helpful", "value": helpful}]
    return tracker


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    return [message.get("response") for message in dispatcher.messages]


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ([{"entity": "helpful", "value": "yes"}], True),
        ([{"entity": "helpful", "value": "no"}], False),
        ([{"entity": "helpful", "value": "NO "}], False),
        ([{"entity": "helpful", "value": "maybe"}], None),
        ([{"entity": "language_choice", "value": "en"}], None),
        ([], None),
    ],
)
def test_helpful_value_reads_the_button_entity(entities: list, expected: object) -> None:
    assert helpful_value({"entities": entities}) is expected


def test_no_counts_and_captures_the_question_redacted(action_store: ReviewStore) -> None:
    tracker = feedback_tracker(
        "期間はいつまで？電話は090-1234-5678です", "ask_policy_period", "no", language="en"
    )
    assert record_feedback(tracker) is False
    questions, total = action_store.list_questions(QuestionFilter())
    assert total == 1
    assert questions[0].reason == "not_helpful"
    assert questions[0].language == "en" and questions[0].channel == "line"
    assert "090" not in questions[0].text and "[PHONE]" in questions[0].text
    today = FakeClock()().date()
    rows = action_store.feedback(StatsFilter(date_from=today, date_to=today))
    assert [(r.topic, r.language, r.helpful, r.not_helpful) for r in rows] == [
        ("ask_policy_period", "en", 0, 1)
    ]


def test_yes_is_counted_and_nothing_enters_the_inbox(action_store: ReviewStore) -> None:
    assert record_feedback(feedback_tracker("DXって何？", "ask_dx_meaning", "yes")) is True
    assert record_feedback(feedback_tracker("DXとは", "ask_dx_meaning", "yes")) is True
    assert action_store.list_questions(QuestionFilter())[1] == 0
    today = FakeClock()().date()
    (row,) = action_store.feedback(StatsFilter(date_from=today, date_to=today))
    assert (row.topic, row.helpful, row.not_helpful, row.helpful_share) == (
        "ask_dx_meaning",
        2,
        0,
        1.0,
    )


def test_no_after_a_button_topic_is_counted_without_a_question(
    action_store: ReviewStore,
) -> None:
    assert record_feedback(feedback_tracker("/ask_contact", "ask_contact", "no")) is False
    assert action_store.list_questions(QuestionFilter())[1] == 0
    today = FakeClock()().date()
    assert action_store.feedback(StatsFilter(date_from=today, date_to=today))[0].not_helpful == 1


@pytest.mark.parametrize("previous_intent", ["greet", "nlu_fallback", "out_of_scope"])
def test_feedback_not_after_a_topic_records_nothing(previous_intent: str) -> None:
    assert feedback_of(feedback_tracker("こんにちは", previous_intent, "no")) is None


def test_feedback_as_the_first_message_records_nothing() -> None:
    tracker = make_tracker(feedback_event("no"))
    tracker.latest_message["entities"] = [{"entity": "helpful", "value": "no"}]
    assert feedback_of(tracker) is None


def test_a_database_failure_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.review.capture import feedback as module

    monkeypatch.setattr(module, "review_store", lambda: None)
    dispatcher = CollectingDispatcher()
    tracker = feedback_tracker("期間は？", "ask_policy_period", "no")
    asyncio.run(ActionRecordFeedback().run(dispatcher, tracker, domain_dict()))
    assert responses(dispatcher)[0] == "utter_feedback_sorry"
    assert "utter_contact_details" in responses(dispatcher)


def test_no_replies_with_an_apology_and_the_office_contact(action_store: ReviewStore) -> None:
    dispatcher = CollectingDispatcher()
    tracker = feedback_tracker("期間は？", "ask_policy_period", "no")
    asyncio.run(ActionRecordFeedback().run(dispatcher, tracker, domain_dict()))
    assert responses(dispatcher)[:2] == ["utter_feedback_sorry", "utter_contact_details"]


def test_yes_replies_with_thanks(action_store: ReviewStore) -> None:
    dispatcher = CollectingDispatcher()
    tracker = feedback_tracker("期間は？", "ask_policy_period", "yes")
    asyncio.run(ActionRecordFeedback().run(dispatcher, tracker, domain_dict()))
    assert responses(dispatcher) == ["utter_feedback_thanks"]


@pytest.mark.parametrize(
    ("intent", "offered"),
    [
        ("ask_policy_period", True),
        ("ask_contact", True),
        ("greet", False),
        ("choose_language", False),
        ("nlu_fallback", False),
        ("request_human", False),
    ],
)
def test_feedback_is_offered_after_topics_only(intent: str, offered: bool) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(user_event("質問", intent))
    asyncio.run(ActionOfferFeedback().run(dispatcher, tracker, domain_dict()))
    assert responses(dispatcher) == (["utter_ask_feedback"] if offered else [])


def test_feedback_rows_follow_the_date_and_language_filters(
    store: ReviewStore, clock: FakeClock
) -> None:
    today = clock().date()
    store.count_feedback(channel="rest", language="ja", topic="ask_contact", helpful=True)
    store.count_feedback(channel="rest", language="ja", topic="ask_contact", helpful=False)
    store.count_feedback(channel="line", language="vi", topic="ask_contact", helpful=True)
    store.count_feedback(
        channel="rest",
        language="ja",
        topic="ask_dx_meaning",
        helpful=True,
        at=clock() - timedelta(days=3),
    )
    rows = store.feedback(StatsFilter(date_from=today, date_to=today))
    assert [(r.topic, r.language, r.helpful, r.not_helpful) for r in rows] == [
        ("ask_contact", "ja", 1, 1),
        ("ask_contact", "vi", 1, 0),
    ]
    assert rows[0].helpful_share == 0.5
    only_vi = store.feedback(StatsFilter(date_from=today, date_to=today, language="vi"))
    assert [r.language for r in only_vi] == ["vi"]
    only_line = store.feedback(StatsFilter(date_from=today, date_to=today, channel="line"))
    assert [r.language for r in only_line] == ["vi"]
    week = store.feedback(StatsFilter(date_from=today - timedelta(days=6), date_to=today))
    assert {r.topic for r in week} == {"ask_contact", "ask_dx_meaning"}


def test_a_feedback_press_is_not_counted_as_a_resident_message(
    action_store: ReviewStore,
) -> None:
    from bot.review.capture.hook import count_resident_message, flush_message_counts

    count_resident_message(feedback_tracker("期間は？", "ask_policy_period", "no"), language="ja")
    assert flush_message_counts() == 0
