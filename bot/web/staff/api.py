"""JSON API of the staff UI (same login and CSRF rules as the pages)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import date, datetime
from typing import Any

from aiohttp import web

from bot.web.staff.forms import PAGE_SIZE, inbox_query, stats_query
from bot.web.staff.keys import REVIEW_STORE

logger = logging.getLogger(__name__)


def plain(value: Any) -> Any:
    """`value` (dataclasses, tuples, dates) as JSON-ready data.

    Args:
        value: a store result.

    Returns:
        Dicts, lists, strings and numbers; dates and times in ISO 8601.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


async def questions(request: web.Request) -> web.Response:
    """GET /staff/api/questions: like the inbox (status, language, channel, from, to, q, page)."""
    query = inbox_query(request.query, default_status=None)
    found, total = await asyncio.to_thread(
        request.app[REVIEW_STORE].list_questions,
        query.filter,
        limit=PAGE_SIZE,
        offset=(query.page - 1) * PAGE_SIZE,
    )
    return web.json_response({"total": total, "page": query.page, "questions": plain(found)})


async def question(request: web.Request) -> web.Response:
    """GET /staff/api/questions/{id}: one question and its history."""
    store = request.app[REVIEW_STORE]
    question_id = int(request.match_info["question_id"])
    found = await asyncio.to_thread(store.get_question, question_id)
    if found is None:
        return web.json_response({"error": "見つかりません。"}, status=404)
    audit = await asyncio.to_thread(store.audit_log, question_id)
    return web.json_response({"question": plain(found), "audit": plain(audit)})


async def clusters(request: web.Request) -> web.Response:
    """GET /staff/api/clusters: similar questions grouped (same filters as the inbox)."""
    query = inbox_query(request.query, default_status=None)
    found = await asyncio.to_thread(request.app[REVIEW_STORE].clusters, query.filter)
    return web.json_response({"clusters": plain(found)})


async def stats(request: web.Request) -> web.Response:
    """GET /staff/api/stats: the dashboard's numbers (from, to, language, channel)."""
    flt, _ = stats_query(request.query)
    found = await asyncio.to_thread(request.app[REVIEW_STORE].stats, flt)
    return web.json_response({"stats": plain(found)})


def add_routes(app: web.Application) -> None:
    """Adds the JSON API under /staff/api.

    Args:
        app: the web application.
    """
    app.router.add_get("/staff/api/questions", questions)
    app.router.add_get(r"/staff/api/questions/{question_id:\d{1,12}}", question)
    app.router.add_get("/staff/api/clusters", clusters)
    app.router.add_get("/staff/api/stats", stats)
