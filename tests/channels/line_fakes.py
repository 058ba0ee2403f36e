"""Test doubles for the LINE channel: a fake Messaging API, a fake bot, webhook bodies.

Everything runs on 127.0.0.1 with free ports; nothing reaches LINE.
"""

from __future__ import annotations

import asyncio
import functools
import json
import socket
import time
import uuid
from collections import defaultdict, deque
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Deque,
    Dict,
    List,
    Optional,
    Tuple,
    TypeVar,
)

import aiohttp
from aiohttp import web
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.line import LineInput
from bot.channels.line_api import RetryPolicy
from bot.channels.line_config import LineSettings
from bot.channels.line_messages import utf16_len
from bot.channels.line_richmenu_links import SenderLanguage
from bot.channels.line_sample import text_event, webhook_body
from bot.channels.line_seen import MemorySeenEvents, SeenEvents
from bot.channels.line_signature import sign
from tests.channels.line_fakes_richmenu import RICH_MENU_ROUTES, RichMenuStore

SECRET = "test-channel-secret"  # noqa: S105 - a throwaway secret for tests
TOKEN = "test-access-token"  # noqa: S105 - a throwaway token for tests
USER_ID = "U4af4980629f8d1b8a5c8a4f0e1d2c3b4"
OTHER_USER_ID = "U0123456789abcdef0123456789abcdef"
GROUP_ID = "C9f8e7d6c5b4a39281706f5e4d3c2b1a0"
REPLY_TOKEN = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"  # noqa: S105 - the format of a reply token
FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.05, timeout_s=2.0)

T = TypeVar("T")


def async_test(test: Callable[..., Awaitable[T]]) -> Callable[..., T]:
    """Runs an `async def` test in its own event loop (no pytest-asyncio here)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> T:
        return asyncio.run(test(*args, **kwargs))

    return run


def free_socket() -> socket.socket:
    """A listening-ready socket on a free local port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


# --- webhook events in LINE's documented format ------------------------------


def _common(source: Dict[str, Any], *, reply: Optional[str] = REPLY_TOKEN) -> Dict:
    event: Dict[str, Any] = {
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "timestamp": int(time.time() * 1000),
        "source": source,
        "mode": "active",
    }
    if reply:
        event["replyToken"] = reply
    return event


def user_source(user_id: str = USER_ID) -> Dict[str, str]:
    return {"type": "user", "userId": user_id}


def group_source(user_id: str = USER_ID) -> Dict[str, str]:
    return {"type": "group", "groupId": GROUP_ID, "userId": user_id}


def text(message: str, *, reply: str = REPLY_TOKEN, user_id: str = USER_ID) -> Dict:
    return text_event(message, user_id=user_id, reply_token=reply)


def non_text(kind: str, *, source: Optional[Dict[str, str]] = None) -> Dict:
    extra = {"sticker": {"packageId": "446", "stickerId": "1988", "stickerResourceType": "STATIC"}}
    message = {"id": "468789577898262530", "type": kind, **extra.get(kind, {})}
    if kind == "location":
        message.update(
            title="愛荘町役場", address="滋賀県愛知郡愛荘町", latitude=35.16, longitude=136.24
        )
    return {"type": "message", "message": message, **_common(source or user_source())}


def group_text(message: str, *, mentions_bot: bool, mention: str = "@愛荘町DX") -> Dict:
    # LINE counts mention positions like text lengths, in UTF-16 code units.
    length = utf16_len(mention)
    mentionees = [{"index": 0, "length": length, "type": "user", "isSelf": mentions_bot}]
    if not mentions_bot:
        mentionees[0]["userId"] = OTHER_USER_ID
    body = {"id": "1", "type": "text", "quoteToken": "q", "text": f"{mention} {message}"}
    body["mention"] = {"mentionees": mentionees}
    return {"type": "message", "message": body, **_common(group_source())}


def postback(data: str) -> Dict:
    return {"type": "postback", "postback": {"data": data}, **_common(user_source())}


def follow() -> Dict:
    return {"type": "follow", "follow": {"isUnblocked": False}, **_common(user_source())}


def unfollow() -> Dict:
    return {"type": "unfollow", **_common(user_source(), reply=None)}


def redelivered(event: Dict) -> Dict:
    return {**event, "deliveryContext": {"isRedelivery": True}}


# --- the fake Messaging API -----------------------------------------------------


@dataclass
class Captured:
    """One request the fake API received (`port`: which host, API or data)."""

    method: str
    path: str
    headers: Dict[str, str]
    json: Any
    body: bytes = b""
    port: int = 0


Scripted = Tuple[int, Dict[str, Any], Dict[str, str]]


@dataclass
class FakeMessagingApi:
    """A local stand-in for api.line.me and api-data.line.me that records requests.

    Answers reply and push with 200 unless `script` queued other answers, and
    profiles from `profiles` (404 for unknown users). Plays the rich menu
    endpoints (menus, images, default and per-user links, kept in memory; the
    image upload only on the data address) and the loading animation, with
    LINE's checks of the bodies (400 otherwise). See line_fakes_richmenu.
    """

    profiles: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    requests: List[Captured] = field(default_factory=list)
    base_url: str = ""
    data_base_url: str = ""
    menus: RichMenuStore = field(default_factory=RichMenuStore)
    _scripts: Dict[str, Deque[Scripted]] = field(default_factory=lambda: defaultdict(deque))
    _runner: Optional[web.AppRunner] = None

    def script(self, path: str, *answers: Scripted) -> None:
        """Queues answers (status, JSON body, headers) for the next calls of a path."""
        self._scripts[path].extend(answers)

    def calls(self, path: str) -> List[Captured]:
        """The requests to one path, in order."""
        return [request for request in self.requests if request.path == path]

    @property
    def data_port(self) -> int:
        return int(self.data_base_url.rsplit(":", 1)[1]) if self.data_base_url else 0

    async def _record(self, request: web.Request) -> Captured:
        raw = await request.read()
        is_json = request.content_type == "application/json" and raw
        captured = Captured(
            request.method,
            request.path,
            dict(request.headers),
            json.loads(raw) if is_json else None,
            raw,
            int(request.host.rsplit(":", 1)[1]),  # request.url.port fails on a bare IP
        )
        self.requests.append(captured)
        return captured

    def _scripted(self, path: str) -> Optional[web.Response]:
        if not self._scripts[path]:
            return None
        status, answer, headers = self._scripts[path].popleft()
        return web.json_response(answer, status=status, headers=headers)

    async def _send(self, request: web.Request) -> web.Response:
        await self._record(request)
        scripted = self._scripted(request.path)
        if scripted is not None:
            return scripted
        return web.json_response({"sentMessages": [{"id": "1", "quoteToken": "q"}]})

    async def _profile(self, request: web.Request) -> web.Response:
        await self._record(request)
        user_id = request.match_info["user_id"]
        if user_id in self.profiles:
            return web.json_response({"userId": user_id, **self.profiles[user_id]})
        return web.json_response({"message": "Not found"}, status=404)

    async def _rich_menus(self, request: web.Request) -> web.Response:
        captured = await self._record(request)
        scripted = self._scripted(request.path)
        if scripted is not None:
            return scripted
        on_data_host = captured.port == self.data_port
        status, answer = self.menus.answer(captured, request.match_info, on_data_host)
        return web.json_response(answer, status=status)

    async def start(self, port: int = 0) -> str:
        """Starts serving the API and, on another port, the data host; returns the API URL.

        Starting it again returns the same URL (tests that need the addresses
        for their settings start it before `line_webhook` does).
        """
        if self._runner is not None:
            return self.base_url
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/v2/bot/message/reply", self._send)
        app.router.add_post("/v2/bot/message/push", self._send)
        app.router.add_get("/v2/bot/profile/{user_id}", self._profile)
        for method, path in RICH_MENU_ROUTES:
            app.router.add_route(method, path, self._rich_menus)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        api_address, data_address = self._runner.addresses[:2]
        self.base_url = f"http://127.0.0.1:{api_address[1]}"
        self.data_base_url = f"http://127.0.0.1:{data_address[1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


# --- a fake bot in place of Rasa's agent ----------------------------------------

Answer = Callable[[UserMessage], List[Dict[str, Any]]]


def echo(message: UserMessage) -> List[Dict[str, Any]]:
    return [{"text": f"echo: {message.text}"}]


@dataclass
class FakeBot:
    """Records what Rasa would receive and answers through the given output channel."""

    answer: Answer = echo
    fail_after_answer: bool = False
    received: List[UserMessage] = field(default_factory=list)

    async def on_new_message(self, message: UserMessage) -> None:
        self.received.append(message)
        for bot_message in self.answer(message):
            await message.output_channel.send_response(message.sender_id, dict(bot_message))
        if self.fail_after_answer:
            raise RuntimeError("the bot crashed")


# --- the channel served by Sanic ----------------------------------------------


@dataclass
class Webhook:
    """The channel's webhook served on a local port, and a client for it."""

    url: str
    channel: LineInput
    client: aiohttp.ClientSession

    async def post_body(self, body: bytes, *, signature: Optional[str] = "valid") -> int:
        """Posts a raw body; signature "valid" signs it with SECRET, None sends none."""
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            signature = sign(SECRET, body)
        if signature is not None:
            headers["X-Line-Signature"] = signature
        async with self.client.post(self.url + "/webhook", data=body, headers=headers) as answer:
            return answer.status

    async def post(self, *events: Dict[str, Any], signature: Optional[str] = "valid") -> int:
        """Posts events as LINE does, then waits until the channel handled them."""
        status = await self.post_body(webhook_body(list(events)), signature=signature)
        await self.channel.drain()
        return status


@asynccontextmanager
async def line_webhook(
    bot: FakeBot,
    api: FakeMessagingApi,
    *,
    settings: Optional[LineSettings] = None,
    retry: RetryPolicy = FAST_RETRY,
    seen_events: Optional[SeenEvents] = None,
    sender_language: Optional[SenderLanguage] = None,
) -> AsyncIterator[Webhook]:
    """Serves the channel blueprint at /webhooks/line, like `rasa run` does."""
    base_url = await api.start()
    channel = LineInput(
        settings
        or LineSettings(
            channel_secret=SECRET,
            access_token=TOKEN,
            api_base_url=base_url,
            api_data_url=api.data_base_url,
        ),
        retry=retry,
        seen_events=seen_events or MemorySeenEvents(),
        sender_language=sender_language,
    )
    Sanic.test_mode = True  # lets one process start several Sanic apps in turn
    app = Sanic(f"line_test_{uuid.uuid4().hex}", configure_logging=False)
    app.blueprint(channel.blueprint(bot.on_new_message), url_prefix="/webhooks/line")
    sock = free_socket()
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    client = aiohttp.ClientSession()
    try:
        yield Webhook(f"http://127.0.0.1:{port}/webhooks/line", channel, client)
    finally:
        await client.close()
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
        await api.stop()


def sent_json(captured: Captured) -> str:
    """A request body as compact text, for 'this never appears' checks."""
    return json.dumps(captured.json, ensure_ascii=False)
