"""EnvTrackerStore retries a read or write whose database connection failed.

No PostgreSQL and no root rights needed: the store runs on a SQLite file and
its engine refuses the next few connections, as a restarting server would.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.events import SlotSet, UserUttered

from bot.stores import tracker_store
from bot.stores.tracker_store import EnvTrackerStore
from tests.stores.test_tracker_store import DOMAIN


class DroppedConnections:
    """Makes the next `count` connections of an engine fail like a server that is down."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.count = 0
        self.refused = 0
        engine.dispose()  # no pooled connection: every checkout connects
        sa.event.listen(engine, "do_connect", self._connect)

    def _connect(self, *_args: Any) -> None:
        if self.count > 0:
            self.count -= 1
            self.refused += 1
            raise sqlite3.OperationalError("unable to open database file")


class RecordingBroker(EventBroker):
    """An event broker that keeps what it was given and can drop the database meanwhile."""

    def __init__(self) -> None:
        self.published: List[Dict[str, Any]] = []
        self.on_publish: Any = None

    def publish(self, event: Dict[str, Any]) -> None:
        self.published.append(event)
        if self.on_publish:
            self.on_publish()


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracker_store, "RETRY_DELAYS_S", (0.0, 0.0))


def sqlite_store(tmp_path: Path, broker: EventBroker | None = None) -> EnvTrackerStore:
    env = {"TRACKER_DB_DIALECT": "sqlite", "TRACKER_DB_NAME": str(tmp_path / "tracker.db")}
    return EnvTrackerStore(domain=DOMAIN, event_broker=broker, env=env)


async def say_in_english(store: EnvTrackerStore, sender: str) -> None:
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered("When does the policy end?", {"name": "ask_period"}))
    tracker.update(SlotSet("language", "en"))
    await store.save(tracker)


def test_a_read_succeeds_when_the_database_returns_within_the_retries(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = sqlite_store(tmp_path)
    asyncio.run(say_in_english(store, "r1"))
    dropped = DroppedConnections(store.engine)
    dropped.count = len(tracker_store.RETRY_DELAYS_S)
    tracker = asyncio.run(store.retrieve("r1"))
    assert tracker is not None
    assert tracker.get_slot("language") == "en"
    assert dropped.refused == len(tracker_store.RETRY_DELAYS_S)
    assert caplog.text.count("database unreachable") == len(tracker_store.RETRY_DELAYS_S)


def test_a_read_fails_when_the_database_stays_away(tmp_path: Path) -> None:
    store = sqlite_store(tmp_path)
    asyncio.run(say_in_english(store, "r1"))
    dropped = DroppedConnections(store.engine)
    dropped.count = len(tracker_store.RETRY_DELAYS_S) + 1
    with pytest.raises(sqlalchemy.exc.OperationalError):
        asyncio.run(store.retrieve_full_tracker("r1"))
    assert dropped.refused == len(tracker_store.RETRY_DELAYS_S) + 1


def test_a_retried_write_publishes_each_event_once(tmp_path: Path) -> None:
    broker = RecordingBroker()
    store = sqlite_store(tmp_path, broker)
    dropped = DroppedConnections(store.engine)

    def drop_the_database() -> None:
        if len(broker.published) == 1:
            dropped.count = len(tracker_store.RETRY_DELAYS_S)

    # The database goes away while the new events are published, so the
    # write that follows needs every retry.
    broker.on_publish = drop_the_database
    asyncio.run(say_in_english(store, "r1"))
    assert dropped.refused == len(tracker_store.RETRY_DELAYS_S)
    names = [event["event"] for event in broker.published]
    assert names.count("user") == 1
    assert names.count("slot") == 1
    saved = asyncio.run(store.retrieve("r1"))
    assert saved is not None
    assert saved.get_slot("language") == "en"
