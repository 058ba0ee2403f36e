"""The export page, the export button and the CSV downloads."""

from __future__ import annotations

import csv
import io
from typing import Any, List, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.models import ExportPreview, ExportResult
from bot.review.settings import ReviewSettings
from bot.web.staff import exports
from tests.web.staff.conftest import csrf_in, logged_in_page, login, with_client
from tests.web.staff.fakes import FakeStore, make_question

XSS = "<script>alert(1)</script>"


@pytest.fixture()
def exported(monkeypatch: pytest.MonkeyPatch, review_settings: ReviewSettings) -> List[Any]:
    """Replaces the backend's export with one that records its calls."""
    calls: List[Any] = []
    preview = ExportPreview(
        new_examples=(("ja.yml", "faq/garbage_days", XSS),),
        skipped=(("こんにちは", "学習データに既にあります"),),
        pending_training=(),
    )

    def fake_export(store: Any, settings: ReviewSettings) -> ExportResult:
        calls.append((store, settings))
        return ExportResult(files=(settings.export_dir / "ja.yml",), added=1, skipped=1)

    monkeypatch.setattr(exports, "preview_export", lambda store, settings: preview)
    monkeypatch.setattr(exports, "export_reviewed", fake_export)
    return calls


def test_preview_shows_what_the_next_export_adds(app: web.Application, exported: List[Any]) -> None:
    async def scenario(client: TestClient) -> Tuple[int, str]:
        return await logged_in_page(client, "/staff/export")

    status, text = with_client(app, scenario)
    assert status == 200
    assert "次の出力で追加される例文（1件）" in text
    assert "ごみの収集日" in text and "&lt;script&gt;" in text and XSS not in text
    assert "学習データに既にあります" in text
    assert not exported  # looking does not export


def test_export_button_writes_and_lists_the_files(
    app: web.Application, exported: List[Any], review_settings: ReviewSettings
) -> None:
    async def scenario(client: TestClient) -> Tuple[int, str]:
        await login(client)
        token = csrf_in(await (await client.get("/staff/export")).text())
        response = await client.post("/staff/export", data={"csrf_token": token})
        return response.status, await response.text()

    status, text = with_client(app, scenario)
    assert status == 200 and len(exported) == 1
    assert exported[0][1] is review_settings
    assert "1件の例文を学習データに追加しました" in text
    assert "日本語の学習データ" in text
    assert "「学習して反映」のページ" in text
    assert "ja.yml" not in text and "make train" not in text


def test_questions_csv_download(app: web.Application, store: FakeStore) -> None:
    store.add(*[make_question(i, f"質問{i}", minutes=i) for i in range(1, 4)])
    store.add(make_question(4, XSS, status="ignored", minutes=9))

    async def scenario(client: TestClient) -> Any:
        await login(client)
        response = await client.get("/staff/export/questions.csv")
        return response.status, response.headers, await response.read()

    status, headers, body = with_client(app, scenario)
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    assert headers["Content-Disposition"].startswith('attachment; filename="aisho-questions-')
    assert headers["X-Content-Type-Options"] == "nosniff"
    text = body.decode("utf-8-sig")  # with a BOM, for Excel
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(text)))
    texts = [cell for row in table for cell in row]
    assert XSS in texts  # every status, the text as data
    assert len(table) == 5


def test_stats_csv_download(app: web.Application, store: FakeStore) -> None:
    async def scenario(client: TestClient) -> Any:
        await login(client)
        response = await client.get("/staff/export/stats.csv?from=2026-11-01&to=2026-11-03")
        return response.status, await response.text()

    status, text = with_client(app, scenario)
    assert status == 200
    assert "2026-11-03" in text
