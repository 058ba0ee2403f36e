"""The tracker store endpoints.yml names, created by Rasa's own factory."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy.engine import URL

from bot.stores.tracker_store import (
    EnvTrackerStore,
    ensure_postgres_database,
    tracker_db_url,
)
from tests.stores.store_servers import clear_store_env, closed_port, needs_postgres

ROOT = Path(__file__).resolve().parent.parent.parent
ENDPOINTS = str(ROOT / "endpoints.yml")
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [ask_period]
slots:
  language:
    type: categorical
    values: [ja, en]
    mappings: [{type: custom}]
"""
)


def create_from_endpoints() -> TrackerStore:
    config = read_endpoint_config(ENDPOINTS, "tracker_store")
    return TrackerStore.create(config, domain=DOMAIN)


async def converse(store: TrackerStore, sender: str) -> None:
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered("When does the policy end?", {"name": "ask_period"}))
    tracker.update(SlotSet("language", "en"))
    await store.save(tracker)


async def language_of(store: TrackerStore, sender: str) -> object:
    tracker = await store.retrieve(sender)
    assert tracker is not None, "the conversation was lost"
    return tracker.get_slot("language")


def test_nothing_set_means_sqlite_at_var_tracker_db() -> None:
    url = tracker_db_url({})
    assert url.get_backend_name() == "sqlite"
    assert Path(url.database) == ROOT / "var" / "tracker.db"


def test_endpoints_yml_creates_sqlite_through_rasas_factory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clear_store_env(monkeypatch)
    monkeypatch.setenv("TRACKER_DB_NAME", str(tmp_path / "sub" / "tracker.db"))
    store = create_from_endpoints()
    assert isinstance(store, EnvTrackerStore)
    assert store.engine.url.get_backend_name() == "sqlite"
    asyncio.run(converse(store, "r1"))
    again = create_from_endpoints()  # another process on the same file
    assert asyncio.run(language_of(again, "r1")) == "en"
    assert (tmp_path / "sub" / "tracker.db").exists()


def test_missing_database_on_an_unreachable_server_is_reported_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = URL.create("postgresql+psycopg2", host="127.0.0.1", port=closed_port(), database="x")
    assert ensure_postgres_database(url) is False
    assert "is unreachable" in caplog.text


@pytest.fixture()
def postgres_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database name on the local PostgreSQL, dropped afterwards."""
    name = f"aisho_test_{uuid.uuid4().hex[:12]}"
    clear_store_env(monkeypatch)
    for key, value in {
        "TRACKER_DB_DIALECT": "postgresql",
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": name,
        "TRACKER_DB_USER": "postgres",
    }.items():
        monkeypatch.setenv(key, value)
    yield name
    admin = sa.create_engine(
        "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres", poolclass=sa.pool.NullPool
    )
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def database_exists(name: str) -> bool:
    admin = sa.create_engine("postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    with admin.connect() as conn:
        found = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
    admin.dispose()
    return found is not None


@needs_postgres
def test_postgresql_database_is_created_and_shared_by_two_instances(postgres_db: str) -> None:
    assert not database_exists(postgres_db)
    first = create_from_endpoints()
    assert isinstance(first, EnvTrackerStore)
    assert first.engine.url.get_backend_name() == "postgresql"
    assert database_exists(postgres_db)
    second = create_from_endpoints()  # a second Rasa instance, database already there
    asyncio.run(converse(first, "r1"))
    assert asyncio.run(language_of(second, "r1")) == "en"
    for store in (first, second):
        store.engine.dispose()


@needs_postgres
def test_stale_connections_after_a_server_side_disconnect_are_replaced(postgres_db: str) -> None:
    store = create_from_endpoints()
    assert isinstance(store, EnvTrackerStore)
    asyncio.run(converse(store, "r1"))
    admin = sa.create_engine("postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        killed = conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": postgres_db},
        ).all()
    admin.dispose()
    assert killed, "the store kept no pooled connection to kill"
    assert asyncio.run(language_of(store, "r1")) == "en"
    store.engine.dispose()


def test_a_database_error_logs_no_resident_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """When a write fails, Rasa's fail-safe store logs the SQL error: its
    parameters (the event JSON with the resident's words) must not be in it."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    clear_store_env(monkeypatch)
    monkeypatch.setenv("TRACKER_DB_NAME", str(tmp_path / "tracker.db"))
    store = create_from_endpoints()
    assert isinstance(store, EnvTrackerStore)
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type_name = 'user' "
                "BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
            )
        )
    failsafe = FailSafeTrackerStore(store)
    personal = "山田太郎 090-1234-5678 の件"
    tracker = asyncio.run(failsafe.get_or_create_tracker("resident-1"))
    tracker.update(UserUttered(personal, {"name": "ask_period"}))
    with caplog.at_level("DEBUG"):
        asyncio.run(failsafe.save(tracker))
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert errors, "the failed write was not reported"
    logged = caplog.text + "".join(
        str(record.exc_info[1]) for record in caplog.records if record.exc_info
    )
    assert "090-1234-5678" not in logged
    assert "山田" not in logged
    assert "\\u5c71" not in logged  # nor its JSON-escaped form
