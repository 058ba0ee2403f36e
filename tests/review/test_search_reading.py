"""The inbox search reads questions as clustering does: ゴミ, ごみ and 塵 are one word."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator, List

import pytest
from sqlalchemy import inspect, text

from bot.review.models import NewQuestion, QuestionFilter
from bot.review.settings import ReviewSettings
from bot.review.storage.migrations import LATEST_VERSION, current_version, migrate
from bot.review.storage.queries import matches_search, search_reading
from bot.review.storage.store import ReviewStore
from bot.stores.sql_env import create_sql_engine
from tests.review.conftest import FakeClock

GARBAGE = [
    "粗大ごみの出し方",
    "ゴミの日はいつ",
    "塵の回収",
    "駐車場はどこ",
    "Where is the PARKING?",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ゴミ", "ごみ"),
        ("ごみ", "ごみ"),
        ("塵", "ごみ"),
        ("粗大ゴミ", "そだいごみ"),
        ("ｺﾞﾐ", "ごみ"),  # half-width katakana, normalised first
        ("parking", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_search_reading(text: str, expected: str) -> None:
    assert search_reading(text) == expected


@pytest.mark.parametrize(
    ("search", "text", "found"),
    [
        ("ゴミ", "粗大ごみの出し方", True),
        ("ごみ", "ゴミの日はいつ", True),
        ("ゴミ", "塵の回収", True),
        ("粗大ゴミ", "粗大ごみの出し方", True),
        ("ちゅうしゃじょう", "駐車場はどこ", True),
        ("ゴミ", "駐車場はどこ", False),
        ("PARK", "Where is the parking?", True),
    ],
)
def test_matches_search(search: str, text: str, found: bool) -> None:
    assert matches_search(search, text) is found


def texts(store: ReviewStore, search: str) -> List[str]:
    return sorted(q.text for q in store.list_questions(QuestionFilter(search=search))[0])


def capture_all(store: ReviewStore) -> None:
    for number, question in enumerate(GARBAGE):
        store.capture(NewQuestion(question, "socketio", "ja", "fallback", f"r{number}"))


def test_store_search_finds_every_spelling(store: ReviewStore) -> None:
    capture_all(store)
    garbage = sorted(GARBAGE[:3])
    assert texts(store, "ゴミ") == garbage
    assert texts(store, "ごみ") == garbage
    assert texts(store, "塵") == garbage
    assert texts(store, "粗大ゴミ") == ["粗大ごみの出し方"]
    assert texts(store, "parking") == ["Where is the PARKING?"]
    assert texts(store, "ちゅうしゃじょう") == ["駐車場はどこ"]


@pytest.fixture
def old_database(settings: ReviewSettings) -> Iterator[None]:
    """A database from before readings were stored (version 2, no search_reading)."""
    engine = create_sql_engine(settings.db_url)
    assert migrate(engine, target=2) == 2
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE review_questions DROP COLUMN search_reading"))
        for number, question in enumerate(GARBAGE):
            connection.execute(
                text(
                    "INSERT INTO review_questions (created_at, channel, language, text, "
                    "search_text, reason, candidates, conversation_hash, status) VALUES "
                    "(:at, 'socketio', 'ja', :text, :text, 'fallback', '[]', :hash, 'new')"
                ),
                {"at": datetime(2026, 1, 1), "text": question, "hash": f"h{number}"},
            )
    engine.dispose()
    yield


def test_old_questions_get_their_readings(
    old_database: None, settings: ReviewSettings, clock: FakeClock
) -> None:
    store = ReviewStore.open(settings, clock=clock)
    try:
        assert current_version(store.engine) == LATEST_VERSION
        columns = {c["name"] for c in inspect(store.engine).get_columns("review_questions")}
        assert "search_reading" in columns
        assert texts(store, "ゴミ") == sorted(GARBAGE[:3])
        store.capture(NewQuestion("ごみ袋", "line", "ja", "fallback", "new-resident"))
        assert "ごみ袋" in texts(store, "ゴミ")
    finally:
        store.close()
