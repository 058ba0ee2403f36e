"""Every staff page speaks plain Japanese: no engineering words a town employee
would not know (channel, intent and file names, commands, paths)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.models import (
    AuditEntry,
    Candidate,
    Cluster,
    DailyCount,
    ExportPreview,
    Stats,
)
from bot.review.publish.releases import live_model
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.web.staff import exports
from bot.web.staff.render import action_taken
from tests.web.staff import publish_states
from tests.web.staff.conftest import TOPICS, pages, with_client
from tests.web.staff.fakes import FakeStore, make_question
from tests.web.staff.plain_words import engineering_words, visible_text

STAFF_PAGES = [
    "/staff?status=all",
    "/staff/clusters?status=all",
    "/staff/questions/1",
    "/staff/questions/2",
    "/staff/questions/3",
    "/staff/dashboard",
    "/staff/export",
    "/staff/teach",
    "/staff/teach/ask_contact",
    "/staff/teach/ask_office_hours",
    "/staff/teach/greet",
]


@pytest.fixture()
def busy_store(store: FakeStore, monkeypatch: pytest.MonkeyPatch) -> FakeStore:
    """Questions from every channel and status, an unlisted topic, stats and an export."""
    guesses = (Candidate("ask_office_hours", 0.6), Candidate("faq/policy_period", 0.3))
    store.add(
        make_question(1, "ゴミの日は？", channel="rest", candidates=guesses),
        replace(
            make_question(2, "粗大ごみ", channel="line", status="assigned", minutes=1),
            topic="ask_office_hours",
            reviewed_by="tanaka",
        ),
        replace(
            make_question(3, "spam", language="en", status="ignored", minutes=2),
            reviewed_by="tanaka",
        ),
    )
    store.audits[2] = [AuditEntry(None, "tanaka", "assigned", "ask_office_hours")]  # type: ignore[arg-type]
    question = store.questions[1]
    store.stats_result = Stats(
        days=(DailyCount(date(2026, 11, 1), 8, 2),),
        total_messages=10,
        answered=8,
        routed=2,
        answered_rate=0.8,
        top_topics=(("ask_office_hours", 6), ("faq/policy_period", 2), ("", 1)),
        top_unanswered=(Cluster("c1", question, (1,), 1, ("ja",), guesses, question.created_at),),
        by_language=(("ja", 7, 1), ("vi", 1, 1)),
        by_channel=(("rest", 2, 0), ("socketio", 5, 1), ("line", 1, 1)),
    )
    preview = ExportPreview(
        new_examples=(("ja", "ask_office_hours", "開庁時間は？"),),
        skipped=(
            ("x", "topic 'ask_x' is not an intent name"),
            ("y", "already exported as ask_office_hours"),
            ("z", "held-out test question (never trained on)"),
        ),
        pending_training=(("en", "ask_office_hours", "office hours?"),),
    )
    monkeypatch.setattr(exports, "preview_export", lambda store, settings: preview)
    return store


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_have_no_engineering_words(
    app: web.Application, busy_store: FakeStore, path: str
) -> None:
    text = visible_text(pages(app, path)[0])
    assert engineering_words(text) == [], path


def test_channels_and_languages_have_plain_names(
    app: web.Application, busy_store: FakeStore
) -> None:
    text = visible_text(pages(app, "/staff/dashboard")[0])
    for label in ("ウェブサイト", "LINE", "外部システム", "日本語", "ベトナム語"):
        assert label in text


def test_csv_download_has_no_engineering_words(
    app: web.Application, busy_store: FakeStore, review_settings: ReviewSettings
) -> None:
    async def scenario(client: TestClient) -> str:
        from tests.web.staff.conftest import login

        await login(client)
        response = await client.get("/staff/export/questions.csv")
        return await response.text()

    text = with_client(app, scenario)
    assert engineering_words(text) == []
    assert "外部システム" in text and "受付日時" in text


@pytest.mark.parametrize("state", sorted(publish_states.STATES))
def test_the_publish_page_has_no_engineering_words(tmp_path: Path, state: str) -> None:
    """学習して反映 in each of its states, on a real store (it reads runs and releases)."""
    settings = publish_states.publish_settings(tmp_path)
    files = publish_states.model_files(tmp_path)
    store = ReviewStore.open(settings)
    try:
        path = publish_states.STATES[state](store, files)
        checksum = live_model(store.engine, files).checksum
        text = visible_text(pages(publish_states.publish_app(store, settings, files), path)[0])
    finally:
        store.close()
    assert engineering_words(text) == [], state
    assert checksum[:8] not in text and str(tmp_path) not in text
    assert "make" not in text.lower()


@pytest.mark.parametrize(
    ("status", "topic", "expected"),
    [
        ("new", None, "未対応"),
        ("assigned", "faq/policy_period", "DXポリシーの期間"),
        ("assigned", "ask_unknown", "（一覧にない話題）"),
        ("ignored", None, "対応不要"),
        ("new_faq", None, "新しいFAQを作成"),
    ],
)
def test_action_taken(status: str, topic: str, expected: str) -> None:
    question = replace(make_question(1, "q", status=status), topic=topic)
    assert action_taken(question, dict(TOPICS)) == expected


def test_inbox_action_column_shows_the_action(app: web.Application, busy_store: FakeStore) -> None:
    html = pages(app, "/staff?status=all")[0]
    cells = re.findall(r'<td class="action-taken">(.*?)</td>', html, flags=re.S)
    assert [cell.split("<br>")[0].strip() for cell in cells] == [
        "対応不要",
        "（一覧にない話題）",
        "未対応",
    ]
    assert "—" not in "".join(cells)
