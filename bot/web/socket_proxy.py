"""Relays the widget's socket.io traffic to Rasa's socket.io channel.

The widget connects to this server's own /socket.io/ with Engine.IO
long-polling, and each request is passed to Rasa unchanged. Why not connect
the browser to Rasa directly:

- Rasa 3.6 runs on Sanic 21.12, whose websocket `recv()` hands a coroutine to
  `asyncio.wait`, which Python 3.11 forbids: Rasa's websocket transport closes
  right after the handshake ("Invalid frame header" in the browser). Polling
  is plain HTTP and works.
- Polling from the page's origin to Rasa's would need CORS on Rasa; through
  this server it is same-origin, and Rasa's port need not be public.
"""

from __future__ import annotations

import logging
from typing import AsyncIterator, Dict, Optional

import aiohttp
from aiohttp import web

from bot.web.settings import SETTINGS

logger = logging.getLogger(__name__)

SOCKET_PATH = "/socket.io/"
# A long-poll is held open for up to Engine.IO's ping interval + timeout (45 s).
UPSTREAM_TIMEOUT = aiohttp.ClientTimeout(total=70, connect=5)
UPSTREAM = web.AppKey("socket_proxy_session", aiohttp.ClientSession)
# Pages of any origin may embed the widget; nothing here uses cookies.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
}


def upstream_url(rasa_url: str, socket_path: str) -> str:
    """Rasa's socket.io address, e.g. http://localhost:5005/socket.io/.

    Args:
        rasa_url: the Rasa server as this server reaches it.
        socket_path: the channel's socket.io path (credentials.yml).

    Returns:
        The address with exactly one slash between the parts and a trailing slash.
    """
    return f"{rasa_url.rstrip('/')}/{socket_path.strip('/')}/"


def _reply(
    status: int, body: bytes, content_type: str = "text/plain", charset: Optional[str] = "utf-8"
) -> web.Response:
    headers: Dict[str, str] = {**CORS_HEADERS, "Cache-Control": "no-store"}
    return web.Response(
        status=status, body=body, content_type=content_type, charset=charset, headers=headers
    )


async def relay(request: web.Request) -> web.Response:
    """Passes one Engine.IO polling request to Rasa and its answer back."""
    if request.method == "OPTIONS":
        return _reply(204, b"")
    if request.query.get("transport") != "polling":
        return _reply(400, b"only the polling transport is relayed")
    settings = request.app[SETTINGS]
    url = upstream_url(settings.rasa_url, settings.socket_path)
    headers = {"Content-Type": request.headers.get("Content-Type", "text/plain;charset=UTF-8")}
    try:
        async with request.app[UPSTREAM].request(
            request.method, url, params=request.query, data=await request.read(), headers=headers
        ) as upstream:
            body = await upstream.read()
            return _reply(upstream.status, body, upstream.content_type, upstream.charset)
    except (TimeoutError, aiohttp.ClientError) as error:
        logger.warning(
            "Rasa's socket.io channel at %s did not answer: %s", url, type(error).__name__
        )
        return _reply(502, b"the assistant is unreachable")


async def _upstream_session(app: web.Application) -> AsyncIterator[None]:
    """One HTTP client for the server's lifetime."""
    async with aiohttp.ClientSession(timeout=UPSTREAM_TIMEOUT) as session:
        app[UPSTREAM] = session
        yield


def setup(app: web.Application) -> None:
    """Adds the /socket.io/ relay to `app`.

    Args:
        app: the web application (with `SETTINGS` set).
    """
    app.cleanup_ctx.append(_upstream_session)
    app.router.add_route("*", SOCKET_PATH, relay)
