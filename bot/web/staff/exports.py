"""Export: what the next training will add, the export button, and CSV downloads."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Callable, Dict, List, Mapping

from aiohttp import web

from bot.review.export import export_reviewed, preview_export
from bot.review.stats.csv_files import questions_csv, stats_csv
from bot.web.staff.forms import inbox_query, stats_query, today_in_tokyo
from bot.web.staff.inbox import topic_titles
from bot.web.staff.keys import EXPORT_LOCK, REVIEW_SETTINGS, REVIEW_STORE
from bot.web.staff.render import (
    CHANNEL_LABELS,
    LANGUAGE_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    render,
    training_data_label,
)

logger = logging.getLogger(__name__)

CSV_PAGE = 500
CSV_MAX_ROWS = 50_000
# Excel opens UTF-8 CSV files with Japanese text correctly only with a byte-order mark.
BOM = "\ufeff"


# Why an assigned question is not exported, in the export's words → as staff read it.
SKIP_REASONS = (
    ("unsupported language", "この言語の学習データはありません"),
    ("topic ", "話題が一覧にありません"),
    ("nothing left to learn", "個人情報を伏せると、学べる言葉が残りません"),
    ("held-out test question", "ボットの正確さを確かめる質問のため、学習には使いません"),
    ("already in the training data", "すでに学習データにあります"),
    ("already exported as", "同じ文がすでに別の話題の例文として出力されています"),
)


def skip_reason(reason: str) -> str:
    """The export's reason for skipping a question, in plain Japanese.

    Args:
        reason: as `bot.review.export` gives it (English, may name an intent).

    Returns:
        The Japanese explanation (never the intent name).
    """
    for start, plain in SKIP_REASONS:
        if reason.startswith(start):
            return plain
    if not re.search("[A-Za-z_]", reason):
        return reason  # already plain Japanese
    return "学習データに追加できません"


async def _page(request: web.Request, **context: Any) -> web.Response:
    store, settings = request.app[REVIEW_STORE], request.app[REVIEW_SETTINGS]
    preview = await asyncio.to_thread(preview_export, store, settings)
    return render(
        request,
        "export.html",
        {
            "current": "export",
            "preview": preview,
            "titles": topic_titles(),
            "skip_reason": skip_reason,
            "result": None,
            "files": [],
            **context,
        },
    )


async def export_page(request: web.Request) -> web.Response:
    """GET /staff/export: the preview of what an export and the next training add."""
    return await _page(request)


async def run_export(request: web.Request) -> web.Response:
    """POST /staff/export: writes reviewed examples to the training data files."""
    store, settings = request.app[REVIEW_STORE], request.app[REVIEW_SETTINGS]
    async with request.app[EXPORT_LOCK]:  # a double click does not export twice at once
        result = await asyncio.to_thread(export_reviewed, store, settings)
    logger.info("exported %d reviewed example(s) to %d file(s)", result.added, len(result.files))
    return await _page(
        request, result=result, files=[training_data_label(path.stem) for path in result.files]
    )


def csv_labels() -> Callable[[str, str], str]:
    """(kind, code) → the Japanese label the CSV download shows (as the pages do)."""
    tables: Dict[str, Mapping[str, str]] = {
        "channel": CHANNEL_LABELS,
        "language": LANGUAGE_LABELS,
        "reason": REASON_LABELS,
        "status": STATUS_LABELS,
        "topic": topic_titles(),
    }
    unknown = {"topic": "（一覧にない話題）"}
    return lambda kind, code: tables.get(kind, {}).get(code, unknown.get(kind, code))


def _csv_response(text: str, name: str) -> web.Response:
    filename = f"{name}-{today_in_tokyo():%Y%m%d}.csv"
    return web.Response(
        text=BOM + text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def questions_download(request: web.Request) -> web.Response:
    """GET /staff/export/questions.csv: the inbox's questions (same filters), all statuses."""
    store = request.app[REVIEW_STORE]
    query = inbox_query(request.query, default_status=None)
    questions: List[Any] = []
    while len(questions) < CSV_MAX_ROWS:
        batch, total = await asyncio.to_thread(
            store.list_questions, query.filter, limit=CSV_PAGE, offset=len(questions)
        )
        questions.extend(batch)
        if not batch or len(questions) >= total:
            break
    return _csv_response(
        await asyncio.to_thread(questions_csv, questions, describe=csv_labels()), "aisho-questions"
    )


async def stats_download(request: web.Request) -> web.Response:
    """GET /staff/export/stats.csv: the dashboard's numbers (same filters)."""
    flt, _ = stats_query(request.query)
    stats = await asyncio.to_thread(request.app[REVIEW_STORE].stats, flt)
    return _csv_response(stats_csv(stats), "aisho-stats")


def add_routes(app: web.Application) -> None:
    """Adds the export page, the export action and the CSV downloads.

    Args:
        app: the web application.
    """
    app.router.add_get("/staff/export", export_page)
    app.router.add_post("/staff/export", run_export)
    app.router.add_get("/staff/export/questions.csv", questions_download)
    app.router.add_get("/staff/export/stats.csv", stats_download)
