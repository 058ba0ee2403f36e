"""The website chat's socket.io channel behind the shared guard.

Rasa's socket.io channel (bot.web.rasa_channel.SocketIOInput) hands each
`user_uttered` event to the guarded handler; notices go back to the
session's room as `bot_uttered`, like the bot's own answers.
"""

from __future__ import annotations

import os
import re
from typing import Any, Dict, List, Tuple

import pytest
from rasa.core.channels.channel import UserMessage

from bot.web.rasa_channel import SocketIOInput
from tests.channels.line_fakes import FakeBot
from tests.web import aio

Emitted = List[Tuple[str, Dict[str, Any], str]]
PHONE = "0749-42-7680"


class FailingBot(FakeBot):
    async def on_new_message(self, message: UserMessage) -> None:
        raise ConnectionError("the tracker store is down")


def run_events(bot: FakeBot, *events: Tuple[str, str, Any], burst: int = 100) -> Emitted:
    """Sends (event, socket id, data) through the channel; returns what it emitted."""
    channel = SocketIOInput.from_credentials(
        {"session_persistence": True, "metadata_key": "customData"}
    )
    # The channel guards its own handler; only the limits come from the environment.
    limits = {"RATE_LIMIT_BURST": str(burst), "RATE_LIMIT_PER_SECOND": "0.01"}
    saved = {name: os.environ.get(name) for name in limits}
    os.environ.update(limits)
    try:
        channel.blueprint(bot.on_new_message)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    sio = channel.sio
    assert sio is not None
    emitted: Emitted = []

    async def emit(event: str, data: Any, room: str = "", **_: Any) -> None:
        emitted.append((event, data, room))

    async def enter_room(*_: Any, **__: Any) -> None:
        return None

    sio.emit = emit  # type: ignore[method-assign]
    sio.enter_room = enter_room  # type: ignore[method-assign]

    async def run() -> None:
        for event, sid, data in events:
            await sio.handlers["/"][event](sid, data)

    aio.run(run())
    return emitted


def chat(bot: FakeBot, *messages: Dict[str, Any], burst: int = 100) -> Emitted:
    """Sends user_uttered events through the channel; returns the bot_uttered emitted."""
    return run_events(bot, *(("user_uttered", "sid-1", m) for m in messages), burst=burst)


def said(session_id: str, text: str, language: str = "ja") -> Dict[str, Any]:
    return {"message": text, "session_id": session_id, "customData": {"language": language}}


def test_a_normal_message_reaches_the_bot_and_its_answer_the_room() -> None:
    bot = FakeBot()
    assert chat(bot, said("s1", "期間は？")) == [("bot_uttered", {"text": "echo: 期間は？"}, "s1")]


def test_too_long_and_empty_messages_get_notices_in_the_pages_language() -> None:
    bot = FakeBot()
    emitted = chat(bot, said("s1", "x " * 2000, "en"), said("s1", "   ", "pt"))
    assert bot.received == []
    assert [room for _, _, room in emitted] == ["s1", "s1"]
    assert emitted[0][1]["text"].startswith("Your message is too long")
    assert emitted[1][1]["text"].startswith("Por favor, digite sua pergunta")


def test_a_failure_or_silence_gets_the_office_phone() -> None:
    [(_, failed, _)] = chat(FailingBot(), said("s1", "期間は？"))
    [(_, silent, _)] = chat(FakeBot(answer=lambda _: []), said("s1", "期間は？"))
    assert PHONE in failed["text"] and PHONE in silent["text"]


def test_a_flood_gets_one_notice_and_another_session_is_answered() -> None:
    bot = FakeBot()
    flood = [said("s1", f"質問{i}") for i in range(5)]
    emitted = chat(bot, *flood, said("s2", "こんにちは"), burst=2)
    assert [m.text for m in bot.received] == ["質問0", "質問1", "こんにちは"]
    texts = [(room, data["text"]) for _, data, room in emitted]
    assert texts[:2] == [("s1", "echo: 質問0"), ("s1", "echo: 質問1")]
    assert texts[2][0] == "s1" and texts[2][1].startswith("短い時間にたくさんのメッセージ")
    assert texts[3:] == [("s2", "echo: こんにちは")]


@pytest.mark.parametrize(
    "requested",
    ["x" * 300, "line-4f2a", "../../x", "セッション", "", None, 42],
    ids=["300-chars", "line", "path", "kana", "empty", "none", "number"],
)
def test_an_unusable_session_id_gets_a_fresh_one(requested: object) -> None:
    [(event, session_id, room)] = run_events(
        FakeBot(), ("session_request", "sid-1", {"session_id": requested})
    )
    assert (event, room) == ("session_confirm", "sid-1")
    assert session_id != requested
    assert re.fullmatch(r"[0-9a-f]{32}", session_id)


def test_a_usable_session_id_is_kept_across_reloads() -> None:
    [(_, session_id, _)] = run_events(
        FakeBot(), ("session_request", "sid-1", {"session_id": "5b1e0c9d8a7f"})
    )
    assert session_id == "5b1e0c9d8a7f"


def test_a_socket_speaks_only_for_its_confirmed_session() -> None:
    bot = FakeBot()
    run_events(
        bot,
        ("session_request", "sid-1", {"session_id": "mine"}),
        ("user_uttered", "sid-1", said("someone-else", "期間は？")),
    )
    assert [m.sender_id for m in bot.received] == ["mine"]


def test_a_message_with_an_unusable_session_id_is_not_stored_under_it() -> None:
    bot = FakeBot()
    run_events(bot, ("user_uttered", "sid-9", said("y" * 300, "期間は？")))
    assert bot.received == []
