"""Review actions per question and per cluster, with who and when."""

from __future__ import annotations

from typing import Any, Dict, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.settings import ReviewSettings
from tests.web.staff.conftest import build_app, csrf_in, login, with_client
from tests.web.staff.fakes import FakeStore, make_question


def post_review(
    app: web.Application, form: Dict[str, Any], *, page: str = "/staff"
) -> Tuple[int, str, str]:
    """Logs in, takes the CSRF token from `page`, posts the form: (status, Location, text)."""

    async def scenario(client: TestClient) -> Tuple[int, str, str]:
        await login(client)
        token = csrf_in(await (await client.get(page)).text())
        fields = [("csrf_token", token)] + [
            (key, item)
            for key, value in form.items()
            for item in (value if isinstance(value, list) else [value])
        ]
        response = await client.post("/staff/review", data=fields, allow_redirects=False)
        return response.status, response.headers.get("Location", ""), await response.text()

    return with_client(app, scenario)


@pytest.fixture()
def filled(store: FakeStore) -> FakeStore:
    store.add(*[make_question(i, f"質問{i}", minutes=i) for i in (1, 2, 3)])
    return store


def test_assign_one_question_records_who(app: web.Application, filled: FakeStore) -> None:
    status, location, _ = post_review(
        app,
        {"action": "assign", "ids": "2", "topic": "faq/garbage_days", "next": "/staff/questions/2"},
    )
    assert status == 303 and location == "/staff/questions/2?notice=assign&count=1"
    question = filled.questions[2]
    assert (question.status, question.topic, question.reviewed_by) == (
        "assigned",
        "faq/garbage_days",
        "staff",
    )
    assert question.reviewed_at is not None
    assert filled.questions[1].status == "new"


def test_assign_a_cluster_changes_every_member(app: web.Application, filled: FakeStore) -> None:
    status, location, _ = post_review(
        app, {"action": "assign", "topic": "greet", "ids": ["1", "3"]}
    )
    assert status == 303 and location.endswith("notice=assign&count=2")
    assert [filled.questions[i].status for i in (1, 2, 3)] == ["assigned", "new", "assigned"]


def test_new_faq_keeps_the_draft_answer(app: web.Application, filled: FakeStore) -> None:
    draft = "粗大ごみは毎月第2水曜日です。<b>要予約</b>"
    status, _, _ = post_review(app, {"action": "new_faq", "ids": "1", "draft_answer": draft})
    assert status == 303
    assert (filled.questions[1].status, filled.questions[1].draft_answer) == ("new_faq", draft)


def test_ignore_and_reopen(filled: FakeStore, review_settings: ReviewSettings) -> None:
    post_review(build_app(filled, review_settings), {"action": "ignore", "ids": ["1", "2"]})
    assert [filled.questions[i].status for i in (1, 2)] == ["ignored", "ignored"]
    post_review(build_app(filled, review_settings), {"action": "reopen", "ids": "2"})
    assert [filled.questions[i].status for i in (1, 2)] == ["ignored", "new"]
    assert [entry.action for entry in filled.audit_log(2)] == ["ignored", "reopened"]


@pytest.mark.parametrize(
    "form",
    [
        {"action": "assign", "ids": "1", "topic": "not_a_topic"},
        {"action": "assign", "ids": "1"},
        {"action": "new_faq", "ids": "1", "draft_answer": "   "},
        {"action": "delete", "ids": "1"},
        {"action": "ignore", "ids": "x"},
        {"action": "ignore"},
    ],
)
def test_invalid_actions_change_nothing(
    app: web.Application, filled: FakeStore, form: Dict[str, Any]
) -> None:
    status, _, _ = post_review(app, form)
    assert status == 400
    assert all(q.status == "new" for q in filled.questions.values())


def test_notice_after_an_action_and_history_on_the_question_page(
    app: web.Application, filled: FakeStore
) -> None:
    async def scenario(client: TestClient) -> str:
        await login(client)
        token = csrf_in(await (await client.get("/staff/questions/1")).text())
        response = await client.post(
            "/staff/review",
            data={
                "csrf_token": token,
                "action": "assign",
                "ids": "1",
                "topic": "greet",
                "next": "/staff/questions/1",
            },
        )
        return await response.text()

    text = with_client(app, scenario)
    assert "1件を話題の例文に追加しました" in text
    assert "話題に追加済み" in text and "あいさつ" in text
    assert "<td>staff</td>" in text  # who, in the history
    assert "未対応に戻す" in text


def test_json_api_review(app: web.Application, filled: FakeStore) -> None:
    async def scenario(client: TestClient) -> Tuple[int, Any, int]:
        await login(client)
        token = csrf_in(await (await client.get("/staff")).text())
        ok = await client.post(
            "/staff/api/review",
            json={"action": "assign", "ids": [1, 2], "topic": "greet"},
            headers={"X-CSRF-Token": token},
        )
        bad = await client.post(
            "/staff/api/review",
            json={"action": "assign", "ids": "12"},
            headers={"X-CSRF-Token": token},
        )
        return ok.status, await ok.json(), bad.status

    assert with_client(app, scenario) == (200, {"changed": 2}, 400)
    assert filled.questions[2].topic == "greet"


def test_json_api_lists_questions(app: web.Application, filled: FakeStore) -> None:
    async def scenario(client: TestClient) -> Any:
        await login(client)
        return await (await client.get("/staff/api/questions?q=質問2")).json()

    body = with_client(app, scenario)
    assert body["total"] == 1 and body["questions"][0]["text"] == "質問2"
    assert body["questions"][0]["created_at"].startswith("2026-11-20T01:02")
