"""The widget's JSON API: its configuration and furigana for Japanese answers.

Both endpoints are public and carry no personal data, so they allow any
origin (the widget may be embedded in any page of the town's site). Sudachi
runs in one worker thread of its own (its tokenizer is not thread-safe), never
on the event loop, so a long text does not hold up the chat relay.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, AsyncIterator, Dict

from aiohttp import web

from bot.town.contact import load_contact
from bot.town.files import TownFactsError
from bot.web.furigana import SudachiFurigana
from bot.web.settings import SETTINGS
from bot.web.socket_proxy import SOCKET_PATH

logger = logging.getLogger(__name__)

# Longer texts are refused: bot answers are far shorter, and Sudachi refuses
# input over 49,149 bytes.
MAX_FURIGANA_CHARS = 2000
FURIGANA = web.AppKey("furigana", SudachiFurigana)
FURIGANA_THREAD = web.AppKey("furigana_thread", ThreadPoolExecutor)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}


def _json(data: Dict[str, Any], *, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, headers=CORS_HEADERS, dumps=lambda d: json.dumps(d, ensure_ascii=False)
    )


async def config(request: web.Request) -> web.Response:
    """GET /api/config: where the widget's socket.io is, the office's contact and
    the longest message the channels accept (MAX_MESSAGE_CHARS).

    The socket "url" is empty: the widget connects to the server it was loaded
    from, which relays to Rasa (bot.web.socket_proxy). town/contact.yml is
    read on every request, so staff edits show at once.
    """
    settings = request.app[SETTINGS]
    try:
        values = load_contact(settings.town_dir).as_template_values()
    except TownFactsError:
        logger.exception("cannot read the office's contact details")
        return _json({"error": "contact details unavailable"}, status=503)
    contact = {key: values[key] for key in ("office_name", "phone", "phone_uri", "mail_form_url")}
    return _json(
        {
            "socket": {"url": "", "path": SOCKET_PATH, "transports": ["polling"]},
            "contact": contact,
            "max_message_chars": settings.max_message_chars,
        }
    )


async def furigana(request: web.Request) -> web.Response:
    """POST /api/furigana {"text": "..."} -> {"segments": [{"text", "reading"?}, ...]}."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _json({"error": 'send JSON: {"text": "..."}'}, status=400)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        return _json({"error": 'send JSON: {"text": "..."}'}, status=400)
    if len(text) > MAX_FURIGANA_CHARS:
        return _json({"error": f"text longer than {MAX_FURIGANA_CHARS} characters"}, status=413)
    loop = asyncio.get_running_loop()
    reader = request.app[FURIGANA]
    segments = await loop.run_in_executor(request.app[FURIGANA_THREAD], reader.segments, text)
    return _json({"segments": segments})


async def preflight(_: web.Request) -> web.Response:
    """OPTIONS: lets pages of other origins call the API."""
    return web.Response(status=204, headers=CORS_HEADERS)


async def _furigana_thread(app: web.Application) -> AsyncIterator[None]:
    """The one thread Sudachi runs in, for the server's lifetime."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="furigana")
    app[FURIGANA_THREAD] = executor
    yield
    executor.shutdown(wait=False, cancel_futures=True)


def setup(app: web.Application) -> None:
    """Adds /api/config and /api/furigana to `app`.

    Args:
        app: the web application (with `SETTINGS` set).
    """
    app[FURIGANA] = SudachiFurigana()
    app.cleanup_ctx.append(_furigana_thread)
    app.router.add_get("/api/config", config)
    app.router.add_post("/api/furigana", furigana)
    app.router.add_route("OPTIONS", "/api/config", preflight)
    app.router.add_route("OPTIONS", "/api/furigana", preflight)
