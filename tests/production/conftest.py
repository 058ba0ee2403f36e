"""The scaled setup, started once per session: two Rasa instances and two action
servers behind nginx, conversations in PostgreSQL, locks in Redis (through a
TCP proxy the tests can close), the web relay, and a fake LINE API.

Skipped, with the reason, when nginx is missing (`make nginx`) or PostgreSQL or
Redis do not answer on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import aiohttp
import pytest

from bot.devtools.backends import backend_env, recreate_database, unreachable_backends
from bot.devtools.nginx import NginxMissingError, nginx_binary
from bot.devtools.scaled import ScaledAssistant, ScaledPorts, running_scaled
from bot.town.contact import load_contact
from tests.e2e.test_line_webhook import FakeLineApi
from tests.production.tcp_proxy import TcpProxy

API_TOKEN = "production-test-token"  # noqa: S105 - a throwaway token for the test servers
LINE_SECRET = "production-line-secret"  # noqa: S105 - a throwaway secret
LINE_TOKEN = "production-line-token"  # noqa: S105 - a throwaway token
# Tuesday 10:00 in Aisho: the office is open.
BOT_NOW = "2026-11-24T10:00:00+09:00"
PORTS = ScaledPorts.from_base(18000, 2, web=True)
LINE_API_PORT = 18099
REDIS_PROXY_PORT = 18379
DATABASE = "aisho_dx_production_test"
PHONE = load_contact().phone  # what the servers read: TOWN_DIR or town/
TIMEOUT = aiohttp.ClientTimeout(total=180)


@pytest.fixture(scope="session")
def backends() -> Dict[str, str]:
    """TRACKER_DB_* and REDIS_* of the test setup (Redis through the proxy)."""
    real = backend_env(database=DATABASE)
    try:
        nginx_binary()
    except NginxMissingError as error:
        pytest.skip(str(error))
    missing = unreachable_backends(real)
    if missing:
        pytest.skip(f"production tests need {' and '.join(missing)} (not reachable)")
    return {
        **backend_env(database=DATABASE, redis_port=REDIS_PROXY_PORT),
        "REDIS_KEY_PREFIX": f"prodtest{uuid.uuid4().hex[:8]}",
        "REAL_REDIS_PORT": real["REDIS_PORT"],
    }


@pytest.fixture(scope="session")
def redis_proxy(backends: Dict[str, str]) -> Iterator[TcpProxy]:
    """The instances' way to Redis; `close()` makes Redis unavailable to them."""
    target = (backends["REDIS_HOST"], int(backends["REAL_REDIS_PORT"]))
    with TcpProxy(REDIS_PROXY_PORT, target) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def line_api() -> Iterator[FakeLineApi]:
    """A fake LINE Messaging API the LINE channel replies to."""
    from http.server import ThreadingHTTPServer
    from threading import Thread

    api = FakeLineApi()
    server = ThreadingHTTPServer(("127.0.0.1", LINE_API_PORT), api.handler())
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def review_env(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    """The web server's review database and model folder, and a short pull interval."""
    folder = tmp_path_factory.mktemp("review")
    return {
        "REVIEW_DB_DIALECT": "sqlite",
        "REVIEW_DB_NAME": str(folder / "review.db"),
        "REVIEW_HASH_KEY": "production-test-hash-key",
        "MODEL_STORE_DIR": str(folder / "models"),
        "MODEL_PULL_SECONDS": "2",
    }


@pytest.fixture(scope="session")
def scaled(
    trained_model: Path,
    backends: Dict[str, str],
    redis_proxy: TcpProxy,
    line_api: FakeLineApi,
    review_env: Dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ScaledAssistant]:
    """The running setup (a fresh tracker database each session; the web
    server's review database is review_env's)."""
    workdir = tmp_path_factory.mktemp("scaled")
    env = {key: value for key, value in backends.items() if key != "REAL_REDIS_PORT"}
    recreate_database(env)
    with running_scaled(
        workdir=workdir,
        ports=PORTS,
        model=trained_model,
        backends=env,
        extra_env={
            "RASA_API_TOKEN": API_TOKEN,
            "BOT_NOW": BOT_NOW,
            "LINE_CHANNEL_SECRET": LINE_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
            "LINE_API_BASE_URL": f"http://127.0.0.1:{LINE_API_PORT}",
            **review_env,
        },
    ) as assistant:
        yield assistant


@pytest.fixture
def all_running(scaled: ScaledAssistant, redis_proxy: TcpProxy) -> ScaledAssistant:
    """The setup with every service up and Redis reachable (a fault test may have
    left something stopped)."""
    redis_proxy.open()
    for name, service in scaled.services.items():
        if service.process is None or service.process.poll() is not None:
            service.process = None
            scaled.start(name)
    return scaled


# ---- talking to the servers -------------------------------------------------


async def post_message(
    session: aiohttp.ClientSession,
    base: str,
    sender: str,
    text: str,
    metadata: Optional[Dict[str, Any]] = None,
) -> Tuple[int, Any]:
    """POSTs one REST message; returns (status, JSON body or text)."""
    body: Dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    async with session.post(f"{base}/webhooks/rest/webhook", json=body) as response:
        raw = await response.text()
        try:
            return response.status, await response.json(content_type=None)
        except ValueError:
            return response.status, raw


def say(base: str, sender: str, text: str) -> Tuple[int, Any]:
    """One REST message, synchronously."""

    async def run() -> Tuple[int, Any]:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            return await post_message(session, base, sender, text)

    return asyncio.run(run())


def joined(replies: Any) -> str:
    """The texts of a REST answer, one per line."""
    if not isinstance(replies, list):
        return str(replies)
    return "\n".join(str(reply.get("text", "")) for reply in replies if isinstance(reply, dict))


async def tracker_events(
    session: aiohttp.ClientSession, base: str, sender: str
) -> List[Dict[str, Any]]:
    """Every event of a conversation, read through Rasa's HTTP API (with the token)."""
    async with session.get(
        f"{base}/conversations/{sender}/tracker",
        params={"token": API_TOKEN, "include_events": "ALL"},
    ) as response:
        assert response.status == 200, await response.text()
        return (await response.json())["events"]


def conversation_turns(events: List[Dict[str, Any]]) -> List[Tuple[str, int]]:
    """(user text, number of bot messages before the next user message) per turn."""
    turns: List[Tuple[str, int]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event.get("text") or "", 0))
        elif event["event"] == "bot" and turns:
            text, count = turns[-1]
            turns[-1] = (text, count + 1)
    return turns


def new_sender(tag: str) -> str:
    """A fresh conversation id."""
    return f"{tag}-{uuid.uuid4().hex[:12]}"
