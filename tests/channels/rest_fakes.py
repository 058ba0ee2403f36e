"""Serves a channel blueprint on a local port with Sanic, and posts to it."""

from __future__ import annotations

import json
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Dict, Optional, Tuple

import aiohttp
from rasa.core.channels.channel import InputChannel
from sanic import Sanic

from tests.channels.line_fakes import FakeBot, free_socket


@dataclass
class Served:
    """A channel's webhook on a local port, and a client for it."""

    url: str
    client: aiohttp.ClientSession

    async def post(
        self,
        body: Any = None,
        *,
        raw: Optional[bytes] = None,
        content_type: str = "application/json",
        headers: Optional[Dict[str, str]] = None,
    ) -> Tuple[int, Any, Dict[str, str]]:
        """Posts JSON (or raw bytes); returns status, decoded JSON answer, headers."""
        data = raw if raw is not None else json.dumps(body).encode("ascii")
        headers = {"Content-Type": content_type, **(headers or {})}
        async with self.client.post(self.url, data=data, headers=headers) as answer:
            return answer.status, await answer.json(content_type=None), dict(answer.headers)


@asynccontextmanager
async def serve(channel: InputChannel, bot: FakeBot) -> AsyncIterator[Served]:
    """Serves `channel` at /webhooks/<name>/webhook as `rasa run` does."""
    Sanic.test_mode = True  # lets one process start several Sanic apps in turn
    app = Sanic(f"rest_test_{uuid.uuid4().hex}", configure_logging=False)
    app.blueprint(channel.blueprint(bot.on_new_message), url_prefix=f"/webhooks/{channel.name()}")
    sock = free_socket()
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    client = aiohttp.ClientSession()
    try:
        yield Served(f"http://127.0.0.1:{port}/webhooks/{channel.name()}/webhook", client)
    finally:
        await client.close()
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
