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

Each long-poll holds one upstream connection for up to 70 s, so the pool is
sized deliberately (RELAY_MAX_CONNECTIONS, default 1000, instead of aiohttp's
100) and one client address may hold at most RELAY_PER_CLIENT requests at
once (default 4: a tab's long-poll and its message, twice; loopback, i.e. our
own tools and tests, is exempt); more get a 429 at once, so idle sessions from
a few clients cannot starve everyone else. The
client's address goes to Rasa as X-Forwarded-For (Rasa trusts it from
TRUSTED_PROXIES) for the per-address rate limit.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import AsyncIterator, Dict, FrozenSet, Mapping, Optional

import aiohttp
from aiohttp import web

from bot.channels.client_address import client_address, is_loopback, trusted_proxies_from_env
from bot.env_numbers import number_from_env
from bot.web.settings import SETTINGS

logger = logging.getLogger(__name__)

SOCKET_PATH = "/socket.io/"
# A long-poll is held open for up to Engine.IO's ping interval + timeout (45 s).
UPSTREAM_TIMEOUT = aiohttp.ClientTimeout(total=70, connect=5)
UPSTREAM = web.AppKey("socket_proxy_session", aiohttp.ClientSession)
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_PER_CLIENT = 4
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


class RelaySettingsError(ValueError):
    """RELAY_* is not a positive whole number."""


@dataclass
class RelayLimits:
    """How many upstream connections the relay uses, in all and per client.

    Attributes:
        max_connections: the upstream pool's size.
        per_client: requests one client address may have in flight.
        trusted_proxies: whose X-Forwarded-For is believed.
        in_flight: requests in flight per client address.
    """

    max_connections: int = DEFAULT_MAX_CONNECTIONS
    per_client: int = DEFAULT_PER_CLIENT
    trusted_proxies: FrozenSet[str] = frozenset()
    in_flight: Counter = field(default_factory=Counter)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RelayLimits:
        """Reads RELAY_MAX_CONNECTIONS, RELAY_PER_CLIENT and TRUSTED_PROXIES."""
        values = {
            name: number_from_env(env, name, default, kind=int, minimum=1, error=RelaySettingsError)
            for name, default in (
                ("RELAY_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS),
                ("RELAY_PER_CLIENT", DEFAULT_PER_CLIENT),
            )
        }
        return cls(
            max_connections=values["RELAY_MAX_CONNECTIONS"],
            per_client=values["RELAY_PER_CLIENT"],
            trusted_proxies=trusted_proxies_from_env(env),
        )


LIMITS = web.AppKey("socket_proxy_limits", RelayLimits)


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
    limits = request.app[LIMITS]
    client = client_address(
        request.remote, request.headers.get("X-Forwarded-For"), limits.trusted_proxies
    )
    # Loopback (our own tools and tests) is not limited per client.
    if limits.in_flight[client] >= limits.per_client and not is_loopback(client):
        return _reply(429, b"too many open requests from this address")
    limits.in_flight[client] += 1
    try:
        return await _forward(request, client)
    finally:
        limits.in_flight[client] -= 1
        if limits.in_flight[client] <= 0:
            del limits.in_flight[client]


async def _forward(request: web.Request, client: str) -> web.Response:
    settings = request.app[SETTINGS]
    url = upstream_url(settings.rasa_url, settings.socket_path)
    headers = {
        "Content-Type": request.headers.get("Content-Type", "text/plain;charset=UTF-8"),
        "X-Forwarded-For": client,
    }
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
    """One HTTP client for the server's lifetime, with a pool of the configured size."""
    connector = aiohttp.TCPConnector(limit=app[LIMITS].max_connections, limit_per_host=0)
    async with aiohttp.ClientSession(timeout=UPSTREAM_TIMEOUT, connector=connector) as session:
        app[UPSTREAM] = session
        yield


def setup(app: web.Application) -> None:
    """Adds the /socket.io/ relay to `app`.

    Args:
        app: the web application (with `SETTINGS` set).
    """
    if LIMITS not in app:
        app[LIMITS] = RelayLimits.from_env()
    app.cleanup_ctx.append(_upstream_session)
    app.router.add_route("*", SOCKET_PATH, relay)
