"""The review store on SQLite and PostgreSQL: capture, durability, migrations, review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, select

from bot.review.capture.writes import conversation_hash
from bot.review.models import Candidate, NewQuestion, QuestionFilter
from bot.review.settings import ReviewSettings
from bot.review.storage import schema
from bot.review.storage.migrations import LATEST_VERSION, current_version, migrate
from bot.review.storage.store import ReviewStore
from bot.stores.sql_env import create_sql_engine
from tests.review.conftest import FakeClock


def question(text: str = "ゴミの日は？", **kwargs: object) -> NewQuestion:
    values = {
        "channel": "rest",
        "language": "ja",
        "reason": "fallback",
        "sender_id": "resident-1",
        "candidates": (Candidate("ask_contact", 0.31), Candidate("greet", 0.05)),
    }
    values.update(kwargs)
    return NewQuestion(text=text, **values)  # type: ignore[arg-type]


def test_capture_stores_redacted_text_and_hashed_conversation(store: ReviewStore) -> None:
    question_id = store.capture(question("電話090-1234-5678に連絡ください"))
    stored = store.get_question(question_id)
    assert stored is not None
    assert stored.text == "電話[PHONE]に連絡ください"
    assert stored.conversation_hash == conversation_hash(b"test-hash-key", "resident-1")
    assert "resident-1" not in stored.conversation_hash
    assert stored.candidates[0] == Candidate("ask_contact", 0.31)
    assert (stored.status, stored.reason, stored.channel) == ("new", "fallback", "rest")
    assert stored.created_at.tzinfo is not None
    with store.engine.connect() as connection:
        raw = [tuple(row) for row in connection.execute(select(schema.questions))]
    assert "090-1234-5678" not in repr(raw) and "resident-1" not in repr(raw)


def test_captured_question_survives_a_restart(settings: ReviewSettings, clock: FakeClock) -> None:
    first = ReviewStore.open(settings, clock=clock)
    question_id = first.capture(question("駐車場はありますか"))
    first.close()  # the action server stops mid-conversation
    second = ReviewStore.open(settings, clock=clock)
    try:
        stored = second.get_question(question_id)
        assert stored is not None and stored.text == "駐車場はありますか"
    finally:
        second.close()


def test_opening_twice_is_harmless(settings: ReviewSettings) -> None:
    ReviewStore.open(settings).close()
    again = ReviewStore.open(settings)
    try:
        assert current_version(again.engine) == LATEST_VERSION
    finally:
        again.close()


def test_an_old_version_database_is_migrated(settings: ReviewSettings) -> None:
    engine = create_sql_engine(settings.db_url)
    assert migrate(engine, target=1) == 1
    assert not inspect(engine).has_table("review_sessions")
    with engine.begin() as connection:
        connection.execute(
            schema.questions.insert().values(
                created_at=schema_now(),
                channel="rest",
                language="ja",
                text="古い質問",
                search_text="古い質問",
                reason="fallback",
                candidates="[]",
                conversation_hash="x",
                status="new",
            )
        )
    engine.dispose()
    store = ReviewStore.open(settings)
    try:
        assert current_version(store.engine) == LATEST_VERSION
        questions, total = store.list_questions(QuestionFilter())
        assert total == 1 and questions[0].text == "古い質問"
        assert not store.has_any_user()  # the new tables work
    finally:
        store.close()


def schema_now():  # noqa: ANN201
    from datetime import datetime

    return datetime(2026, 1, 1)


def test_not_helpful_updates_the_question_already_captured(store: ReviewStore) -> None:
    first = store.capture(question("粗大ごみの日は？", reason="fallback"))
    again = store.capture(question("粗大ごみの日は？", reason="not_helpful"))
    other_resident = store.capture(
        question("粗大ごみの日は？", reason="not_helpful", sender_id="resident-2")
    )
    assert again == first and other_resident != first
    stored = store.get_question(first)
    assert stored is not None and stored.reason == "not_helpful"
    assert store.list_questions(QuestionFilter())[1] == 2


def test_list_filters_search_and_order(store: ReviewStore, clock: FakeClock) -> None:
    store.capture(question("駐車場はどこ", channel="line"))
    clock.advance(days=1)
    store.capture(question("Where is the PARKING?", language="en", channel="rest"))
    clock.advance(days=1)
    newest = store.capture(question("ちゅうしゃじょう", language="easy_ja"))
    questions, total = store.list_questions(QuestionFilter())
    assert total == 3 and questions[0].id == newest
    assert [q.text for q in store.list_questions(QuestionFilter(search="parking"))[0]] == [
        "Where is the PARKING?"
    ]
    assert store.list_questions(QuestionFilter(search="ＰＡＲＫ"))[1] == 1  # NFKC + case
    assert store.list_questions(QuestionFilter(search="50%"))[1] == 0
    assert store.list_questions(QuestionFilter(channel="line"))[1] == 1
    assert store.list_questions(QuestionFilter(language="en"))[1] == 1
    today = clock.now.date()
    assert store.list_questions(QuestionFilter(date_from=today))[1] == 1
    assert store.list_questions(QuestionFilter(date_to=today - timedelta(days=1)))[1] == 2
    page, total = store.list_questions(QuestionFilter(), limit=1, offset=1)
    assert total == 3 and len(page) == 1 and page[0].language == "en"
    assert store.channels() == ["line", "rest"]


def test_date_filter_uses_the_tokyo_day(store: ReviewStore, clock: FakeClock) -> None:
    from datetime import UTC, datetime

    clock.now = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # 01:00 on 27 Nov in Tokyo
    store.capture(question())
    assert store.list_questions(QuestionFilter(date_from=date(2026, 11, 27)))[1] == 1
    assert store.list_questions(QuestionFilter(date_to=date(2026, 11, 26)))[1] == 0


def test_review_actions_record_who_and_when_and_reopen(
    store: ReviewStore, clock: FakeClock
) -> None:
    ids = [store.capture(question(f"質問{i}")) for i in range(3)]
    assert store.assign_topic(ids[:2] + [9999], "ask_contact", staff="sato") == 2
    assigned = store.get_question(ids[0])
    assert assigned is not None
    assert (assigned.status, assigned.topic, assigned.reviewed_by) == (
        "assigned",
        "ask_contact",
        "sato",
    )
    assert assigned.reviewed_at == clock.now
    clock.advance(minutes=5)
    assert (
        store.mark_new_faq([ids[2]], "ごみの日は町のカレンダーをご覧ください", staff="tanaka") == 1
    )
    faq = store.get_question(ids[2])
    assert faq is not None and faq.status == "new_faq" and faq.draft_answer.startswith("ごみの日")
    assert store.ignore([ids[1]], staff="sato") == 1
    assert store.reopen([ids[1]], staff="tanaka") == 1
    reopened = store.get_question(ids[1])
    assert reopened is not None and (reopened.status, reopened.topic) == ("new", None)
    log = store.audit_log(ids[1])
    assert [(e.staff, e.action) for e in log] == [
        ("sato", "assigned"),
        ("sato", "ignored"),
        ("tanaka", "reopened"),
    ]
    assert log[0].detail == "ask_contact"
    assert store.list_questions(QuestionFilter(status="new"))[1] == 1
    with pytest.raises(ValueError):
        store.assign_topic(ids, "  ", staff="sato")


def test_message_counts_add_up(store: ReviewStore) -> None:
    for _ in range(3):
        store.count_message(channel="rest", language="ja", intent="ask_contact", routed=False)
    store.count_message(channel="rest", language="ja", intent="nlu_fallback", routed=True)
    with store.engine.connect() as connection:
        rows = sorted(
            (row.intent, row.routed, row.count)
            for row in connection.execute(select(schema.message_counts))
        )
    assert rows == [("ask_contact", False, 3), ("nlu_fallback", True, 1)]
