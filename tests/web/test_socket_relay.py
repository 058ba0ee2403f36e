"""The socket.io relay to Rasa, and the channel fix that lets answers reach the browser."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from typing import Any, Dict, List, Tuple

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from rasa.core.channels.channel import UserMessage

from bot.web.app import create_app
from bot.web.rasa_channel import SocketIOInput
from bot.web.settings import WebSettings
from bot.web.socket_proxy import LIMITS, RelayLimits, upstream_url
from tests.web import aio

Seen = List[Tuple[str, str, Dict[str, str], bytes]]


def fake_rasa(seen: Seen) -> web.Application:
    """Answers like Rasa's socket.io endpoint and records what reached it."""

    async def socket_io(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append((request.method, request.path, dict(request.query), body))
        return web.Response(text='0{"sid":"abc"}', headers={"Access-Control-Allow-Origin": "x"})

    app = web.Application()
    app.router.add_route("*", "/socket.io/", socket_io)
    return app


def relay(
    method: str, path: str, *, upstream_up: bool = True, **kwargs: Any
) -> Tuple[int, Dict[str, str], str, Seen]:
    """One request through the relay, to a fake Rasa (or to a closed port)."""
    seen: Seen = []

    async def run() -> Tuple[int, Dict[str, str], str, Seen]:
        async with TestServer(fake_rasa(seen)) as rasa:
            url = str(rasa.make_url("")) if upstream_up else "http://127.0.0.1:9"
            app = create_app(WebSettings(rasa_url=url))
            async with TestClient(TestServer(app)) as client:
                response = await client.request(method, path, **kwargs)
                return response.status, dict(response.headers), await response.text(), seen

    return aio.run(run())


def test_polling_get_is_relayed_with_its_query() -> None:
    status, headers, text, seen = relay("GET", "/socket.io/?EIO=4&transport=polling&t=x1")
    assert (status, text) == (200, '0{"sid":"abc"}')
    assert seen == [("GET", "/socket.io/", {"EIO": "4", "transport": "polling", "t": "x1"}, b"")]
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cache-Control"] == "no-store"


def test_polling_post_is_relayed_with_its_body() -> None:
    body = '42["user_uttered",{"message":"期間は？"}]'.encode()
    status, _, _, seen = relay(
        "POST",
        "/socket.io/?EIO=4&transport=polling&sid=s1",
        data=body,
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert status == 200
    assert seen[0][0] == "POST" and seen[0][3] == body


@pytest.mark.parametrize("query", ["?EIO=4&transport=websocket", "?EIO=4", ""])
def test_only_polling_is_relayed(query: str) -> None:
    status, _, _, seen = relay("GET", f"/socket.io/{query}")
    assert status == 400
    assert seen == []


def test_preflight_is_answered_here() -> None:
    status, headers, _, seen = relay("OPTIONS", "/socket.io/?EIO=4&transport=polling")
    assert status == 204 and seen == []
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_rasa_down_is_a_502() -> None:
    status, _, _, _ = relay("GET", "/socket.io/?EIO=4&transport=polling", upstream_up=False)
    assert status == 502


@pytest.mark.parametrize(
    ("rasa_url", "path", "expected"),
    [
        ("http://localhost:5005", "/socket.io", "http://localhost:5005/socket.io/"),
        ("http://localhost:5005/", "/socket.io/", "http://localhost:5005/socket.io/"),
        ("https://bot.example.jp/rasa", "socket.io", "https://bot.example.jp/rasa/socket.io/"),
    ],
)
def test_upstream_url(rasa_url: str, path: str, expected: str) -> None:
    assert upstream_url(rasa_url, path) == expected


@pytest.mark.parametrize("session_id", ["c0ffee", None])
def test_session_request_joins_the_sessions_room(session_id: Any) -> None:
    channel = SocketIOInput.from_credentials({"session_persistence": True})

    async def on_new_message(_: UserMessage) -> None:
        return None

    channel.blueprint(on_new_message)
    sio = channel.sio
    assert sio is not None
    confirmed: List[Any] = []

    async def run() -> None:
        connected = sio.manager.connect("engine-io-1", "/")
        sid = await connected if inspect.isawaitable(connected) else connected

        async def emit(event: str, data: Any, **_: Any) -> None:
            confirmed.append((event, data))

        sio.emit = emit  # type: ignore[method-assign]
        await sio.handlers["/"]["session_request"](sid, {"session_id": session_id})
        room = confirmed[0][1]
        assert [p[0] for p in sio.manager.get_participants("/", room)] == [sid]

    aio.run(run())
    assert confirmed[0][0] == "session_confirm"
    if session_id:
        assert confirmed[0][1] == session_id
    else:
        assert len(confirmed[0][1]) == 32


def idle_rasa(held: List[str], release: asyncio.Event) -> web.Application:
    """Rasa whose long-polls (GET) stay open until `release` and whose messages
    (POST) are answered at once."""

    async def socket_io(request: web.Request) -> web.Response:
        if request.method == "GET":
            held.append(request.headers.get("X-Forwarded-For", ""))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(release.wait(), timeout=30)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/socket.io/", socket_io)
    return app


POLL = "/socket.io/?EIO=4&transport=polling&sid=s"


def test_many_idle_sessions_do_not_starve_another_resident() -> None:
    """120 residents with an open long-poll each (more than aiohttp's default
    pool of 100), then one more resident sends a message: it is answered."""
    held: List[str] = []

    async def run() -> Tuple[int, float]:
        release = asyncio.Event()
        async with TestServer(idle_rasa(held, release)) as rasa:
            app = create_app(WebSettings(rasa_url=str(rasa.make_url(""))))
            # The residents' own browsers: no pool limit on this side.
            browsers = aiohttp.TCPConnector(limit=0)
            async with TestClient(TestServer(app), connector=browsers) as client:
                polls = [
                    asyncio.ensure_future(
                        client.get(POLL, headers={"X-Forwarded-For": f"198.51.100.{i}"})
                    )
                    for i in range(120)
                ]
                for _ in range(100):
                    if len(held) >= 120:
                        break
                    await asyncio.sleep(0.05)
                started = time.monotonic()
                try:
                    response = await asyncio.wait_for(
                        client.post(POLL, data=b"42", headers={"X-Forwarded-For": "203.0.113.7"}),
                        timeout=5,
                    )
                    status = response.status
                except TimeoutError:
                    status = 0
                elapsed = time.monotonic() - started
                release.set()
                await asyncio.gather(*polls, return_exceptions=True)
                return status, elapsed

    status, elapsed = aio.run(run())
    assert status == 200, "the resident's message waited for a free connection"
    assert len(held) == 120 and len(set(held)) == 120  # each client's own address went on


def test_one_address_may_hold_only_a_few_requests() -> None:
    held: List[str] = []

    async def run() -> List[int]:
        release = asyncio.Event()
        async with TestServer(idle_rasa(held, release)) as rasa:
            app = create_app(WebSettings(rasa_url=str(rasa.make_url(""))))
            app[LIMITS] = RelayLimits(per_client=4, trusted_proxies=frozenset({"127.0.0.1"}))
            async with TestClient(TestServer(app)) as client:
                same = {"X-Forwarded-For": "198.51.100.1"}
                polls = [asyncio.ensure_future(client.get(POLL, headers=same)) for _ in range(4)]
                for _ in range(100):
                    if len(held) >= 4:
                        break
                    await asyncio.sleep(0.05)
                refused = [(await client.get(POLL, headers=same)).status for _ in range(3)]
                other = await client.post(POLL, data=b"42", headers={"X-Forwarded-For": "x"})
                release.set()
                await asyncio.gather(*polls, return_exceptions=True)
                return [*refused, other.status]

    assert aio.run(run()) == [429, 429, 429, 200]
