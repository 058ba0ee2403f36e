"""The staff review inbox at /staff: login, inbox, clusters, review actions, export,
dashboard, answers and examples (回答と例文) and a JSON API, all behind the login
guard of `auth.staff_guard`.

`setup(app)` opens the review store from the environment (REVIEW_DB_* etc.)
unless a test already put one in `app[REVIEW_STORE]`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.channels.client_address import trusted_proxies_from_env
from bot.review.settings import load_review_settings
from bot.review.storage.purge_schedule import purge_periodically
from bot.review.storage.store import ReviewStore
from bot.web.staff import api, auth, dashboard, exports, inbox, publish, review_actions, teach
from bot.web.staff.keys import EXPORT_LOCK, REVIEW_SETTINGS, REVIEW_STORE, TRUSTED_PROXIES
from bot.web.staff.render import STAFF_HEADERS

__all__ = ["EXPORT_LOCK", "REVIEW_SETTINGS", "REVIEW_STORE", "TRUSTED_PROXIES", "setup"]

logger = logging.getLogger(__name__)

UNAVAILABLE = (
    "職員用ページのデータベースに接続できません。"
    "システム担当者に連絡してください（サーバーのログに原因があります）。"
)


async def _to_inbox(_: web.Request) -> web.StreamResponse:
    """GET /staff/: the inbox is at /staff."""
    raise web.HTTPFound("/staff")


async def _unavailable(_: web.Request) -> web.Response:
    """Every /staff address while the review database cannot be opened."""
    return web.Response(status=503, text=UNAVAILABLE, headers=STAFF_HEADERS)


async def _scheduled_purge(app: web.Application) -> AsyncIterator[None]:
    """Runs the retention purge in the background while the server runs."""
    settings = app[REVIEW_SETTINGS]
    store = app[REVIEW_STORE]
    if not settings.purge_every_hours or not isinstance(store, ReviewStore):
        yield
        return
    task = asyncio.create_task(purge_periodically(store, settings))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def setup(app: web.Application) -> None:
    """Adds the staff UI's routes and its guard to `app`.

    If the review database cannot be opened, the residents' chat still
    starts and /staff answers 503 with a message for staff.

    Args:
        app: the web application (not started yet).
    """
    if REVIEW_SETTINGS not in app:
        app[REVIEW_SETTINGS] = load_review_settings()
    if REVIEW_STORE not in app:
        try:
            app[REVIEW_STORE] = ReviewStore.open(app[REVIEW_SETTINGS])
        except (SQLAlchemyError, OSError):
            logger.exception("cannot open the review database; /staff answers 503")
            app.router.add_route("*", "/staff{tail:(/.*)?}", _unavailable)
            return
    app[EXPORT_LOCK] = asyncio.Lock()
    app.cleanup_ctx.append(_scheduled_purge)
    if TRUSTED_PROXIES not in app:
        app[TRUSTED_PROXIES] = trusted_proxies_from_env()
    app.middlewares.append(auth.staff_guard)
    for module in (auth, inbox, review_actions, exports, dashboard, teach, publish, api):
        module.add_routes(app)
    app.router.add_get("/staff/", _to_inbox)
