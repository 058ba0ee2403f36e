"""Review store fixtures: a fresh store on SQLite and on the real PostgreSQL.

The PostgreSQL variant creates a throw-away database (review_test_<random>)
on 127.0.0.1:5432 and drops it afterwards; it is skipped, saying why, when no
server answers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from bot.review.capture import hook as capture
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore

REPO_ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN = URL.create(
    "postgresql+psycopg2", username="postgres", host="127.0.0.1", port=5432, database="postgres"
)


@dataclass
class FakeClock:
    """A clock tests move by hand."""

    now: datetime = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def make_settings(root: Path, db_url: URL) -> ReviewSettings:
    return ReviewSettings(
        db_url=db_url,
        hash_key=b"test-hash-key",
        export_dir=root / "data" / "nlu" / "reviewed",
        nlu_dir=root / "data" / "nlu",
        heldout_dir=root / "tests" / "nlu" / "heldout",
        model_path=root / "models" / "aisho-dx.tar.gz",
        tracker_db_url=URL.create("sqlite", database=str(root / "var" / "tracker.db")),
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[URL]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    admin = create_engine(
        POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    name = f"review_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is unreachable; PostgreSQL store tests skipped.")
    yield POSTGRES_ADMIN.set(database=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[URL]:
    """The review database URL: a SQLite file, or the PostgreSQL test database."""
    if request.param == "sqlite":
        yield URL.create("sqlite", database=str(tmp_path / "var" / "review.db"))
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path, db_url: URL) -> ReviewSettings:
    return make_settings(tmp_path, db_url)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> ReviewSettings:
    """Settings with a SQLite store only (tests that are not about the database)."""
    return make_settings(tmp_path, URL.create("sqlite", database=str(tmp_path / "review.db")))


@pytest.fixture
def store(settings: ReviewSettings, clock: FakeClock) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(settings, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(sqlite_settings: ReviewSettings, clock: FakeClock) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(sqlite_settings, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def action_store(
    sqlite_store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ReviewStore]:
    """The store the action hooks write to during the test."""
    capture.use_review_store(sqlite_store)
    yield sqlite_store
    capture.use_review_store(None)


__all__ = ["FakeClock", "make_settings", "replace"]


@pytest.fixture
def repo_settings(sqlite_settings: ReviewSettings, tmp_path: Path) -> ReviewSettings:
    """The repository's data/ and tests/nlu/heldout; the reviewed folder does not exist."""
    return replace(
        sqlite_settings,
        nlu_dir=REPO_ROOT / "data" / "nlu",
        export_dir=REPO_ROOT / "data" / "nlu" / "reviewed",
        heldout_dir=REPO_ROOT / "tests" / "nlu" / "heldout",
    )


@pytest.fixture
def repo_store(repo_settings: ReviewSettings, clock: FakeClock) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(repo_settings, clock=clock)
    yield opened
    opened.close()
