"""The staff UI on the real review store (a temporary SQLite file) and real topics/export."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Tuple

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy.engine import URL

from bot.review.auth.passwords import hash_password
from bot.review.models import Candidate, NewQuestion
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.web.staff.conftest import PASSWORD, build_app, csrf_in, login, with_client

PHONE = "090-1234-5678"
QUESTION = f"粗大ごみの収集日はいつですか？電話は{PHONE}です"
XSS = "<script>alert(1)</script>について"


@pytest.fixture(autouse=True)
def topics() -> None:
    """The real bot.review.triage.topics (overrides the fake of conftest)."""


@pytest.fixture()
def real_settings(tmp_path: Path) -> ReviewSettings:
    return ReviewSettings(
        db_url=URL.create("sqlite", database=str(tmp_path / "review.db")),
        hash_key=b"test-key",
        export_dir=tmp_path / "reviewed",
        model_path=tmp_path / "no-model.tar.gz",
        staff_username="staff",
        staff_password_hash=hash_password(PASSWORD),
    )


@pytest.fixture()
def real_store(real_settings: ReviewSettings) -> ReviewStore:
    store = ReviewStore.open(real_settings)
    store.capture(
        NewQuestion(
            text=QUESTION,
            channel="rest",
            language="ja",
            reason="fallback",
            sender_id="resident-1",
            candidates=(Candidate("ask_contact", 0.31), Candidate("ask_office_hours", 0.2)),
        )
    )
    store.capture(
        NewQuestion(
            text=XSS, channel="socketio", language="ja", reason="out_of_scope", sender_id="r2"
        )
    )
    return store


def test_capture_review_and_export_end_to_end(
    real_store: ReviewStore, real_settings: ReviewSettings
) -> None:
    app: web.Application = build_app(real_store, real_settings)

    async def scenario(client: TestClient) -> Tuple[str, str, str, Any]:
        assert (await login(client)).status == 303
        inbox = await (await client.get("/staff")).text()
        question_id = next(
            q.id for q in real_store.list_questions(_everything(), limit=10)[0] if "粗大" in q.text
        )
        detail = await (await client.get(f"/staff/questions/{question_id}")).text()
        token = csrf_in(detail)
        await client.post(
            "/staff/review",
            data={
                "csrf_token": token,
                "action": "assign",
                "ids": str(question_id),
                "topic": "ask_contact",
            },
        )
        preview = await (await client.get("/staff/export")).text()
        exported = await (await client.post("/staff/export", data={"csrf_token": token})).text()
        dashboard = await client.get("/staff/dashboard")
        return inbox, detail, preview + exported, dashboard.status

    inbox, detail, export_pages, dashboard_status = with_client(app, scenario)
    assert "粗大ごみの収集日はいつですか" in inbox and PHONE not in inbox
    assert "&lt;script&gt;alert(1)&lt;/script&gt;について" in inbox and "<script>" not in inbox
    # The bot's guesses come first in the topic list, with their confidence.
    assert detail.index('value="ask_contact"') < detail.index('value="ask_policy_overview"')
    assert "問い合わせ先（31%）" in detail
    assert "出力しました" in export_pages
    content = yaml.safe_load((real_settings.export_dir / "ja.yml").read_text(encoding="utf-8"))
    examples = "".join(i["examples"] for i in content["nlu"] if i["intent"] == "ask_contact")
    assert "粗大ごみの収集日はいつですか" in examples and PHONE not in examples
    assert dashboard_status == 200
    questions, _ = real_store.list_questions(_everything(), limit=10)
    assigned = next(q for q in questions if q.status == "assigned")
    assert (assigned.topic, assigned.reviewed_by) == ("ask_contact", "staff")
    assert assigned.exported_at is not None


def _everything() -> Any:
    from bot.review.models import QuestionFilter

    return QuestionFilter()


def test_real_login_rate_limit_and_sessions(
    real_store: ReviewStore, real_settings: ReviewSettings
) -> None:
    app = build_app(real_store, real_settings)

    async def scenario(client: TestClient) -> list:
        statuses = [(await login(client, password="wrong")).status for _ in range(3)]  # noqa: S106
        statuses.append((await login(client)).status)
        return statuses

    assert with_client(app, scenario) == [401] * 3 + [429]


def test_real_store_sessions_survive_a_new_app(
    real_store: ReviewStore, real_settings: ReviewSettings
) -> None:
    """A web server restart keeps staff logged in (sessions are in the database)."""

    async def first(client: TestClient) -> str:
        response = await login(client)
        return response.cookies["aisho_staff"].value

    token = with_client(build_app(real_store, real_settings), first)
    reopened = ReviewStore.open(real_settings)

    async def second(client: TestClient) -> int:
        client.session.cookie_jar.update_cookies({"aisho_staff": token})
        return (await client.get("/staff", allow_redirects=False)).status

    assert with_client(build_app(reopened, real_settings), second) == 200


def test_the_running_web_server_purges_old_questions_by_itself(
    real_store: ReviewStore, real_settings: ReviewSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cron needed: a question older than the retention period disappears
    while the server runs; recent ones stay."""
    import asyncio
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from bot.review.models import QuestionFilter
    from bot.review.storage import purge_schedule

    monkeypatch.setattr(purge_schedule, "FIRST_RUN_AFTER", timedelta(0))
    real_store.capture(
        NewQuestion(
            "半年以上前の質問",
            "rest",
            "ja",
            "fallback",
            "r3",
            created_at=datetime.now(UTC) - timedelta(days=200),
        )
    )
    assert real_store.list_questions(QuestionFilter())[1] == 3
    settings = replace(real_settings, retention_days=180, purge_every_hours=24)

    async def scenario(_: TestClient) -> int:
        for _ in range(100):
            remaining = real_store.list_questions(QuestionFilter())[1]
            if remaining < 3:
                return remaining
            await asyncio.sleep(0.05)
        return remaining

    assert with_client(build_app(real_store, settings), scenario) == 2
    texts = [q.text for q in real_store.list_questions(QuestionFilter())[0]]
    assert "半年以上前の質問" not in texts


def test_the_scheduled_purge_can_be_turned_off(
    real_store: ReviewStore, real_settings: ReviewSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from bot.review.models import QuestionFilter
    from bot.review.storage import purge_schedule

    monkeypatch.setattr(purge_schedule, "FIRST_RUN_AFTER", timedelta(0))
    old = datetime.now(UTC) - timedelta(days=200)
    real_store.capture(NewQuestion("古い質問", "rest", "ja", "fallback", "r3", created_at=old))
    settings = replace(real_settings, purge_every_hours=0)

    async def scenario(_: TestClient) -> int:
        await asyncio.sleep(0.5)
        return real_store.list_questions(QuestionFilter())[1]

    assert with_client(build_app(real_store, settings), scenario) == 3
