"""Export: what the next training will add, the export button, and CSV downloads."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, List

from aiohttp import web

from bot.review.export import export_reviewed, preview_export
from bot.review.stats.csv_files import questions_csv, stats_csv
from bot.stores.sql_env import PROJECT_ROOT
from bot.web.staff.forms import inbox_query, stats_query, today_in_tokyo
from bot.web.staff.inbox import topic_titles
from bot.web.staff.keys import EXPORT_LOCK, REVIEW_SETTINGS, REVIEW_STORE
from bot.web.staff.render import render

logger = logging.getLogger(__name__)

CSV_PAGE = 500
CSV_MAX_ROWS = 50_000
# Excel opens UTF-8 CSV files with Japanese text correctly only with a byte-order mark.
BOM = "\ufeff"


def shown_path(path: Path) -> str:
    """A written file as staff should see it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


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
            "export_dir": shown_path(settings.export_dir),
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
    return await _page(request, result=result, files=[shown_path(path) for path in result.files])


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
    return _csv_response(await asyncio.to_thread(questions_csv, questions), "aisho-questions")


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
