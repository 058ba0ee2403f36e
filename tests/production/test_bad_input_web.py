"""Odd input over the website chat: socket.io through the web server's relay and
nginx (sticky by client address) to Rasa's socket.io channel."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, List

import pytest
import socketio

from bot.devtools.scaled import ScaledAssistant
from tests.production.test_bad_input import ANSWER, ODD_TEXTS, QUESTION

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

REPLY_WAIT_S = 60


class Widget:
    """What the chat widget does: one socket.io session with a persistent session id."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id = uuid.uuid4().hex
        self.replies: asyncio.Queue = asyncio.Queue()
        self.client.on("bot_uttered", self.replies.put)

    async def open(self, url: str) -> None:
        await self.client.connect(url, transports=["polling"], socketio_path="socket.io")
        await self.client.emit("session_request", {"session_id": self.session_id})

    async def send(self, payload: Any) -> None:
        await self.client.emit("user_uttered", payload)

    async def ask(self, text: str) -> str:
        """Sends a message; returns the texts of the answer (first reply + 1 s of more)."""
        await self.send({"message": text, "session_id": self.session_id, "customData": {}})
        texts: List[str] = [(await asyncio.wait_for(self.replies.get(), REPLY_WAIT_S))["text"]]
        while True:
            try:
                texts.append((await asyncio.wait_for(self.replies.get(), 1.0)).get("text", ""))
            except TimeoutError:
                return "\n".join(texts)


def test_odd_messages_over_the_website_chat(all_running: ScaledAssistant) -> None:
    assert all_running.web_url

    async def chat() -> List[tuple]:
        widget = Widget()
        await widget.open(all_running.web_url)
        seen = []
        try:
            for case, text, expected in ODD_TEXTS:
                answer = await widget.ask(text)
                seen.append((case, expected, answer))
            # Malformed events: ignored by the channel, the session survives.
            for payload in ("just a string", {}, {"message": None}, ["x"]):
                await widget.send(payload)
            seen.append(("after malformed events", ANSWER, await widget.ask(QUESTION)))
        finally:
            await widget.client.disconnect()
        return seen

    for case, expected, answer in asyncio.run(chat()):
        assert answer.strip(), f"{case}: no answer"
        assert "Traceback" not in answer
        if expected:
            assert expected in answer, (case, answer[:200])
