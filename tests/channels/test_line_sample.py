"""`python -m bot.channels.line_sample`: a signed sample event the channel accepts."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.channels.line_config import LineSettings
from bot.channels.line_sample import main, text_event, webhook_body
from tests.channels.line_fakes import (
    SECRET,
    TOKEN,
    FakeBot,
    FakeMessagingApi,
    async_test,
    free_socket,
    line_webhook,
)


def test_sample_event_has_lines_documented_shape() -> None:
    event = text_event("DXポリシーの期間は？")
    assert event["type"] == "message"
    assert event["message"]["type"] == "text"
    assert event["message"]["text"] == "DXポリシーの期間は？"
    assert event["source"]["type"] == "user"
    assert event["deliveryContext"] == {"isRedelivery": False}
    assert event["mode"] == "active"
    assert {"replyToken", "webhookEventId", "timestamp"} <= event.keys()
    body = json.loads(webhook_body([event]))
    assert body["events"] == [event]
    assert "DXポリシー".encode() in webhook_body([event])  # UTF-8, not \\u escapes


@async_test
async def test_sample_is_accepted_and_answered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("LINE_CHANNEL_SECRET", SECRET)
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        argv = ["--url", webhook.url + "/webhook", "--text", "DXポリシーの期間は？"]
        code = await asyncio.to_thread(main, argv)
        await webhook.channel.drain()
    assert code == 0
    assert capsys.readouterr().out.strip() == "HTTP 200"
    assert [message.text for message in bot.received] == ["DXポリシーの期間は？"]
    assert len(api.calls("/v2/bot/message/reply")) == 1


@async_test
async def test_sample_signed_with_another_secret_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "not-the-bots-secret")
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        code = await asyncio.to_thread(main, ["--url", webhook.url + "/webhook"])
    assert code == 1
    assert capsys.readouterr().out.strip() == "HTTP 401"
    assert bot.received == []


def test_sample_needs_the_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("LINE_CHANNEL_SECRET", raising=False)
    assert main(["--url", "http://127.0.0.1:9/webhooks/line/webhook"]) == 2
    assert "LINE_CHANNEL_SECRET" in capsys.readouterr().err


@async_test
async def test_capture_mode_plays_the_api_and_prints_the_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("LINE_CHANNEL_SECRET", SECRET)
    with free_socket() as sock:
        port = sock.getsockname()[1]
    settings = LineSettings(
        channel_secret=SECRET, access_token=TOKEN, api_base_url=f"http://127.0.0.1:{port}"
    )
    bot = FakeBot()
    async with line_webhook(bot, FakeMessagingApi(), settings=settings) as webhook:
        argv = ["--url", webhook.url + "/webhook", "--capture-port", str(port), "--wait", "10"]
        argv += ["--language", "en"]
        code = await asyncio.to_thread(main, argv)
        await webhook.channel.drain()
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("HTTP 200\n/v2/bot/message/reply\n")
    assert json.loads(out.split("\n", 2)[2])["messages"] == [
        {"type": "text", "text": "echo: DXポリシーの期間は？"}
    ]
    assert bot.received[0].metadata == {"channel": "line", "language": "en"}
