"""Message counters are tallied in memory and written in the background."""

from __future__ import annotations

import threading
from typing import List, Optional

import pytest
from sqlalchemy import select

from bot.review.capture.counter import MessageCounter
from bot.review.storage import schema
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock


def _rows(store: ReviewStore) -> List[tuple]:
    with store.engine.connect() as connection:
        return sorted(
            (str(r.day), r.channel, r.language, r.intent, r.routed, r.count)
            for r in connection.execute(select(schema.message_counts))
        )


def test_recording_touches_no_database(clock: FakeClock) -> None:
    opened: List[str] = []

    def store() -> Optional[ReviewStore]:
        opened.append("store")
        return None

    counter = MessageCounter(store, interval_s=3600, clock=clock)
    for _ in range(50):
        counter.record(channel="rest", language="ja", intent="greet", routed=False)
    assert opened == [] and counter.pending() == 50
    counter.stop()


def test_a_flush_writes_one_row_per_counter(store: ReviewStore, clock: FakeClock) -> None:
    counter = MessageCounter(lambda: store, interval_s=3600, clock=clock)
    for _ in range(3):
        counter.record(channel="line", language="en", intent="ask_contact", routed=False)
    counter.record(channel="rest", language="ja", intent="out_of_scope", routed=True)
    clock.advance(days=1)
    counter.record(channel="line", language="en", intent="ask_contact", routed=False)
    assert counter.flush() == 5
    assert _rows(store) == [
        ("2026-11-27", "line", "en", "ask_contact", False, 3),
        ("2026-11-27", "rest", "ja", "out_of_scope", True, 1),
        ("2026-11-28", "line", "en", "ask_contact", False, 1),
    ]
    counter.record(channel="line", language="en", intent="ask_contact", routed=False)
    counter.stop()
    assert ("2026-11-28", "line", "en", "ask_contact", False, 2) in _rows(store)


def test_counts_survive_a_database_outage(
    sqlite_store: ReviewStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    available = {"store": False}
    counter = MessageCounter(
        lambda: sqlite_store if available["store"] else None, interval_s=3600, clock=clock
    )
    counter.record(channel="rest", language="vi", intent="greet", routed=False)
    assert counter.flush() == 0 and counter.pending() == 1
    available["store"] = True
    assert counter.flush() == 1 and counter.pending() == 0
    assert _rows(sqlite_store)[0][-1] == 1
    counter.stop()


def test_the_background_thread_writes_without_being_asked(
    sqlite_store: ReviewStore, clock: FakeClock
) -> None:
    written = threading.Event()

    class Watched(ReviewStore):
        def count_message(self, **kwargs: object) -> None:  # type: ignore[override]
            super().count_message(**kwargs)  # type: ignore[arg-type]
            written.set()

    watched = Watched(sqlite_store.engine, sqlite_store.settings)
    counter = MessageCounter(lambda: watched, interval_s=0.05, clock=clock)
    counter.record(channel="web", language="zh", intent="thank", routed=False)
    assert written.wait(timeout=30)
    assert counter.pending() == 0
    counter.stop()
    assert _rows(sqlite_store) == [("2026-11-27", "web", "zh", "thank", False, 1)]


def test_a_day_boundary_in_tokyo_splits_counters(store: ReviewStore, clock: FakeClock) -> None:
    counter = MessageCounter(lambda: store, interval_s=3600, clock=clock)
    clock.advance(hours=11, minutes=59)  # 23:59 in Tokyo
    counter.record(channel="rest", language="ja", intent="greet", routed=False)
    clock.advance(minutes=2)
    counter.record(channel="rest", language="ja", intent="greet", routed=False)
    counter.stop()
    assert [row[0] for row in _rows(store)] == ["2026-11-27", "2026-11-28"]
