"""LINE with the shared guard: long texts, floods and failures get polite replies."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import UserMessage

from tests.channels.line_fakes import (
    OTHER_USER_ID,
    FakeBot,
    FakeMessagingApi,
    async_test,
    line_webhook,
    text,
)

REPLY = "/v2/bot/message/reply"
PHONE = "0749-42-7680"


def replied_texts(api: FakeMessagingApi) -> List[List[str]]:
    return [[m["text"] for m in call.json["messages"]] for call in api.calls(REPLY)]


@async_test
async def test_too_long_text_gets_the_limit_and_never_reaches_the_bot() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("あ" * 4000, reply="rt-1")) == 200
    assert bot.received == []
    [[notice]] = replied_texts(api)
    assert "メッセージが長すぎる" in notice and "1,000" in notice


@async_test
async def test_control_characters_are_removed_before_the_bot() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        await webhook.post(text("期間\x00は\x1b？"))
    assert bot.received[0].text == "期間は？"


class FailingBot(FakeBot):
    async def on_new_message(self, message: UserMessage) -> None:
        self.received.append(message)
        raise ConnectionError("Redis refused the connection")


@async_test
async def test_processing_failure_replies_with_the_office_phone() -> None:
    bot, api = FailingBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("When does the policy end?")) == 200
    [[notice]] = replied_texts(api)
    assert notice.startswith("Sorry, I cannot answer right now.") and PHONE in notice


@async_test
async def test_no_reply_from_the_bot_replies_with_the_office_phone() -> None:
    bot, api = FakeBot(answer=lambda _: []), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        await webhook.post(text("期間は？"))
    [[notice]] = replied_texts(api)
    assert notice.startswith("申し訳ありません。") and PHONE in notice


@async_test
async def test_a_flood_is_slowed_with_one_notice_and_others_still_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RATE_LIMIT_BURST", "2")
    monkeypatch.setenv("RATE_LIMIT_PER_SECOND", "0.01")
    monkeypatch.delenv("REDIS_HOST", raising=False)
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        for i in range(5):
            await webhook.post(text(f"質問{i}です", reply=f"rt-{i}"))
        await webhook.post(text("別の人です", reply="rt-other", user_id=OTHER_USER_ID))
    assert [m.text for m in bot.received] == ["質問0です", "質問1です", "別の人です"]
    replies: Dict[str, Any] = {c.json["replyToken"]: c.json["messages"] for c in api.calls(REPLY)}
    assert sorted(replies) == ["rt-0", "rt-1", "rt-2", "rt-other"]
    assert replies["rt-2"][0]["text"].startswith("短い時間にたくさんのメッセージが届きました。")
