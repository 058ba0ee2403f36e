"""Purging data older than the retention period, including Rasa's raw conversations."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from bot.review.models import NewQuestion, QuestionFilter, StatsFilter
from bot.review.settings import ReviewSettings
from bot.review.storage.retention import purge
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock

RASA_EVENTS = """CREATE TABLE events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


def tracker_db(path: Path, timestamps: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute(RASA_EVENTS)
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data)"
            " VALUES (?, 'user', ?, '{}')",
            [(f"s{i}", stamp) for i, stamp in enumerate(timestamps)],
        )


def tracker_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]


def old_and_new(store: ReviewStore, clock: FakeClock) -> None:
    old = store.capture(
        NewQuestion(
            "古い質問", "rest", "ja", "fallback", "r", created_at=clock.now - timedelta(days=200)
        )
    )
    store.assign_topic([old], "ask_contact", staff="sato")
    store.count_message(
        channel="rest",
        language="ja",
        intent="greet",
        routed=False,
        at=clock.now - timedelta(days=200),
    )
    store.capture(NewQuestion("新しい質問", "rest", "ja", "fallback", "r"))
    store.count_message(channel="rest", language="ja", intent="greet", routed=False)


def test_purge_removes_old_data_everywhere(
    store: ReviewStore, settings: ReviewSettings, clock: FakeClock
) -> None:
    old_and_new(store, clock)
    tracker = Path(settings.tracker_db_url.database)
    now = clock.now.timestamp()
    tracker_db(tracker, [now - 200 * 86400, now - 181 * 86400, now - 10, now])
    dry = purge(store, settings, dry_run=True, now=clock.now)
    assert (dry.questions, dry.audit_rows, dry.message_counts, dry.tracker_events) == (1, 1, 1, 2)
    assert store.list_questions(QuestionFilter())[1] == 2 and tracker_rows(tracker) == 4
    report = purge(store, settings, now=clock.now)
    assert (report.questions, report.audit_rows, report.message_counts) == (1, 1, 1)
    assert report.tracker_events == 2 and tracker_rows(tracker) == 2
    remaining, total = store.list_questions(QuestionFilter())
    assert total == 1 and remaining[0].text == "新しい質問"
    day = clock.now.date()
    assert store.stats(StatsFilter(day - timedelta(days=365), day)).total_messages == 1


def test_days_override_the_setting(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings, clock: FakeClock
) -> None:
    old_and_new(sqlite_store, clock)
    assert purge(sqlite_store, sqlite_settings, days=365, now=clock.now).questions == 0
    assert purge(sqlite_store, sqlite_settings, days=30, now=clock.now).questions == 1


def test_missing_tracker_store_is_skipped_politely(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings, tmp_path: Path
) -> None:
    report = purge(sqlite_store, sqlite_settings)
    assert report.tracker_events == 0 and "no tracker database" in report.tracker_note
    assert not Path(sqlite_settings.tracker_db_url.database).exists()  # not created
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    other = ReviewSettings(
        **{**sqlite_settings.__dict__, "tracker_db_url": URL.create("sqlite", database=str(empty))}
    )
    assert "no events table" in purge(sqlite_store, other).tracker_note


def test_purge_removes_old_feedback_counts(
    store: ReviewStore, settings: ReviewSettings, clock: FakeClock
) -> None:
    old = clock.now - timedelta(days=200)
    store.count_feedback(channel="line", language="ja", topic="ask_contact", helpful=False, at=old)
    store.count_feedback(channel="line", language="ja", topic="ask_contact", helpful=True)
    assert purge(store, settings, now=clock.now).message_counts == 1
    day = clock.now.date()
    (row,) = store.feedback(StatsFilter(day - timedelta(days=365), day))
    assert (row.helpful, row.not_helpful) == (1, 0)
