"""The LINE webhook served by Sanic, answering through a fake Messaging API."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import UserMessage

from bot.channels.line import LineInput
from bot.channels.line_config import LineSettings
from bot.channels.line_seen import RedisSeenEvents
from bot.channels.line_signature import sign
from bot.stores.lock_store import RedisSettings
from tests.channels.line_fakes import (
    GROUP_ID,
    SECRET,
    TOKEN,
    USER_ID,
    FakeBot,
    FakeMessagingApi,
    async_test,
    follow,
    group_text,
    line_webhook,
    non_text,
    postback,
    redelivered,
    text,
    unfollow,
)
from tests.stores.store_servers import needs_redis

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
PERIOD_ANSWER = "計画期間は令和5年度から令和7年度までです。"
CONTACT_BUTTONS = [
    {"title": "問い合わせ先", "payload": "/ask_contact"},
    {"title": "電話をかける", "payload": "tel:0749427680"},
    {"title": "メールフォーム", "payload": "https://www.town.aisho.shiga.jp/form"},
]


def answer_period(_: UserMessage) -> List[Dict[str, Any]]:
    return [{"text": PERIOD_ANSWER, "buttons": CONTACT_BUTTONS}]


@async_test
async def test_signed_text_is_answered_with_one_reply_and_quick_replies() -> None:
    bot, api = (
        FakeBot(answer=answer_period),
        FakeMessagingApi(profiles={USER_ID: {"language": "ja"}}),
    )
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("DXポリシーの期間は？", reply="rt-1")) == 200

    [message] = bot.received
    assert message.text == "DXポリシーの期間は？"
    assert message.input_channel == "line"
    assert message.metadata == {"channel": "line", "language": "ja"}
    assert re.fullmatch(r"line-[0-9a-f]{32}", message.sender_id)
    [reply] = api.calls(REPLY)
    assert reply.headers["Authorization"] == f"Bearer {TOKEN}"
    assert reply.json == {
        "replyToken": "rt-1",
        "messages": [
            {
                "type": "text",
                "text": PERIOD_ANSWER,
                "quickReply": {
                    "items": [
                        {
                            "type": "action",
                            "action": {
                                "type": "postback",
                                "label": "問い合わせ先",
                                "data": "/ask_contact",
                                "displayText": "問い合わせ先",
                            },
                        },
                        {
                            "type": "action",
                            "action": {
                                "type": "uri",
                                "label": "電話をかける",
                                "uri": "tel:0749427680",
                            },
                        },
                        {
                            "type": "action",
                            "action": {
                                "type": "uri",
                                "label": "メールフォーム",
                                "uri": "https://www.town.aisho.shiga.jp/form",
                            },
                        },
                    ]
                },
            }
        ],
    }
    assert api.calls(PUSH) == []


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "not-a-signature",
        sign("another-secret", b"{}"),
        "forged",
    ],
    ids=["missing", "empty", "garbage", "other-secret", "forged"],
)
@async_test
async def test_missing_or_forged_signature_is_refused_and_nothing_reaches_the_bot(
    signature: str,
) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        if signature == "forged":  # signed for another body, sent with this one
            signature = sign(SECRET, b'{"destination": "x", "events": []}')
        assert await webhook.post(text("期間は？"), signature=signature) == 401
    assert bot.received == []
    assert api.requests == []


@async_test
async def test_console_verification_request_with_no_events_gets_200() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post() == 200
        async with webhook.client.get(webhook.url + "/") as health:
            assert health.status == 200
            assert await health.json() == {"status": "ok"}
    assert bot.received == []
    assert api.requests == []


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[]", b'{"events": {}}'])
@async_test
async def test_signed_body_that_is_not_a_webhook_gets_400(body: bytes) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post_body(body) == 400
        await webhook.channel.drain()
    assert bot.received == []


@async_test
async def test_redelivered_event_is_not_answered() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(redelivered(text("期間は？"))) == 200
    assert bot.received == []
    assert api.calls(REPLY) == []


@async_test
async def test_duplicate_event_id_is_answered_once() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    event = text("期間は？")
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(event) == 200
        assert await webhook.post(event) == 200
        assert await webhook.post(event, event) == 200
    assert len(bot.received) == 1
    assert len(api.calls(REPLY)) == 1


@async_test
async def test_follow_greets_in_the_users_line_language() -> None:
    bot, api = FakeBot(), FakeMessagingApi(profiles={USER_ID: {"language": "en"}})
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(follow()) == 200
    [message] = bot.received
    assert message.text == "/greet"
    assert message.metadata == {"language": "en", "channel": "line"}
    [reply] = api.calls(REPLY)
    assert reply.json["messages"] == [{"type": "text", "text": "echo: /greet"}]


@pytest.mark.parametrize("kind", ["sticker", "image", "video", "audio", "file", "location"])
@async_test
async def test_non_text_message_asks_the_resident_to_type(kind: str) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(non_text(kind)) == 200
    assert [message.text for message in bot.received] == ["/non_text_message"]
    assert len(api.calls(REPLY)) == 1


@pytest.mark.parametrize(
    "data", ["/ask_contact", '/choose_language{"language_choice": "en"}', "/deny"]
)
@async_test
async def test_postback_data_goes_to_the_bot(data: str) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(postback(data)) == 200
    assert [message.text for message in bot.received] == [data]
    assert api.calls(REPLY)[0].json["messages"] == [{"type": "text", "text": f"echo: {data}"}]


@async_test
async def test_group_message_is_answered_only_when_the_bot_is_mentioned() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(group_text("期間は？", mentions_bot=False)) == 200
        assert (
            await webhook.post(non_text("sticker", source={"type": "group", "groupId": GROUP_ID}))
            == 200
        )
        assert bot.received == []
        assert await webhook.post(group_text("期間は？", mentions_bot=True)) == 200
        assert await webhook.post(text("期間は？")) == 200
    group_message, private_message = bot.received
    assert group_message.text == "期間は？"
    # The same resident in a group and alone: two separate conversations.
    assert group_message.sender_id != private_message.sender_id
    assert len(api.calls(REPLY)) == 2


@async_test
async def test_expired_reply_token_falls_back_to_push() -> None:
    bot, api = FakeBot(answer=answer_period), FakeMessagingApi()
    api.script(REPLY, (400, {"message": "Invalid reply token"}, {}))
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("期間は？", reply="rt-old")) == 200
    [reply] = api.calls(REPLY)
    [push] = api.calls(PUSH)
    assert push.json == {"to": USER_ID, "messages": reply.json["messages"]}
    assert re.fullmatch(r"[0-9a-f-]{36}", push.headers["X-Line-Retry-Key"])
    assert push.headers["Authorization"] == f"Bearer {TOKEN}"


@async_test
async def test_other_reply_errors_do_not_push() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    api.script(REPLY, (400, {"message": "The request body has 1 error(s)"}, {}))
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("期間は？")) == 200
    assert len(api.calls(REPLY)) == 1
    assert api.calls(PUSH) == []


@async_test
async def test_api_errors_are_retried_then_given_up_with_a_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    bot, api = FakeBot(), FakeMessagingApi()
    api.script(
        REPLY,
        (500, {"message": "Internal error"}, {}),
        (429, {"message": "Too many requests"}, {"Retry-After": "1"}),
        (500, {"message": "Internal error"}, {}),
    )
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("期間は？")) == 200
        # The channel still works afterwards.
        assert await webhook.post(text("連絡先は？", reply="rt-2")) == 200
    replies = api.calls(REPLY)
    assert len(replies) == 4  # three attempts, given up, then the next event
    assert replies[-1].json["replyToken"] == "rt-2"
    assert "LINE reply gave up after 3 attempts (last status 500)" in caplog.text
    assert api.calls(PUSH) == []


@async_test
async def test_more_than_five_messages_are_merged_so_nothing_is_lost() -> None:
    answers = [{"text": f"段落{i}"} for i in range(7)]
    bot, api = FakeBot(answer=lambda _: answers), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("全部教えて")) == 200
    [reply] = api.calls(REPLY)
    messages = reply.json["messages"]
    assert len(messages) == 5
    joined = "\n\n".join(message["text"] for message in messages)
    assert joined == "\n\n".join(answer["text"] for answer in answers)
    assert api.calls(PUSH) == []


@async_test
async def test_messages_that_cannot_be_merged_overflow_into_a_push() -> None:
    images = [{"image": f"https://example.jp/{i}.png"} for i in range(7)]
    bot, api = FakeBot(answer=lambda _: images), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("写真")) == 200
    assert len(api.calls(REPLY)[0].json["messages"]) == 5
    [push] = api.calls(PUSH)
    assert [m["originalContentUrl"] for m in push.json["messages"]] == [
        "https://example.jp/5.png",
        "https://example.jp/6.png",
    ]


@async_test
async def test_bot_failure_is_logged_and_what_it_said_is_still_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot, api = FakeBot(fail_after_answer=True), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("期間は？")) == 200
    assert "the bot failed to handle a text event" in caplog.text
    assert len(api.calls(REPLY)) == 1


@async_test
async def test_profile_language_is_fetched_once_per_user() -> None:
    bot = FakeBot()
    api = FakeMessagingApi(profiles={USER_ID: {"displayName": "住民", "language": "pt-BR"}})
    async with line_webhook(bot, api) as webhook:
        await webhook.post(text("一つ目", reply="rt-1"))
        await webhook.post(text("二つ目", reply="rt-2"))
    assert [m.metadata for m in bot.received] == [{"channel": "line", "language": "pt-BR"}] * 2
    assert len(api.calls(f"/v2/bot/profile/{USER_ID}")) == 1


@async_test
async def test_without_a_profile_no_language_is_given() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        await webhook.post(text("期間は？"))
    assert bot.received[0].metadata == {"channel": "line"}


@async_test
async def test_user_id_reply_token_and_text_never_appear_in_sender_id_or_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    bot, api = FakeBot(), FakeMessagingApi(profiles={USER_ID: {"language": "ja"}})
    api.script(REPLY, (400, {"message": "Invalid reply token"}, {}))
    api.script(PUSH, (500, {}, {}))
    events = [
        text("秘密の相談です", reply="secret-reply-token"),
        follow(),
        postback("/ask_contact"),
        non_text("sticker"),
        group_text("グループの相談", mentions_bot=True),
        unfollow(),
    ]
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(*events) == 200
    assert len(bot.received) == 5
    for message in bot.received:
        assert USER_ID not in message.sender_id
        assert message.sender_id.startswith("line-")
    logged = caplog.text
    assert "unfollowed the account (recorded)" in logged
    for personal in (USER_ID, GROUP_ID, "secret-reply-token", "秘密の相談です", "グループの相談"):
        assert personal not in logged
    assert bot.received[0].sender_id in logged  # the unfollow is logged by hashed id


@pytest.mark.parametrize(
    "settings",
    [
        LineSettings(channel_secret=None, access_token=TOKEN),
        LineSettings(channel_secret=SECRET, access_token=None),
    ],
    ids=["no-secret", "no-token"],
)
@async_test
async def test_unconfigured_channel_refuses_every_request(
    settings: LineSettings, caplog: pytest.LogCaptureFixture
) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api, settings=settings) as webhook:
        assert await webhook.post(text("期間は？")) == 503
        assert await webhook.post() == 503
        assert await webhook.post(text("期間は？"), signature=sign("", b"")) == 503
    assert bot.received == []
    assert api.requests == []
    assert "LINE webhook refused" in caplog.text
    assert "not set" in caplog.text


def test_from_credentials_reads_the_environment_and_never_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    unconfigured = LineInput.from_credentials(None)
    assert isinstance(unconfigured, LineInput)
    assert not unconfigured.settings.configured

    monkeypatch.setenv("LINE_CHANNEL_SECRET", SECRET)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", "http://127.0.0.1:15099/")
    configured = LineInput.from_credentials({})
    assert isinstance(configured, LineInput)
    assert configured.settings.configured
    assert configured.settings.api_base_url == "http://127.0.0.1:15099"
    assert configured.name() == "line"
    assert SECRET not in repr(configured.settings)


@async_test
async def test_an_old_event_is_a_replay_and_is_not_answered() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    stale, fresh = text("期間は？"), text("DXとは？")
    stale["timestamp"] -= 10 * 60 * 1000  # ten minutes old: over the 300 s default
    fresh["timestamp"] -= 60 * 1000  # a minute old: LINE was slow, still answered
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(stale) == 200
        assert await webhook.post(fresh) == 200
    assert [message.text for message in bot.received] == ["DXとは？"]
    assert len(api.calls(REPLY)) == 1


def test_the_event_age_limit_comes_from_the_environment() -> None:
    assert LineSettings.from_env({}).max_event_age_s == 300
    assert LineSettings.from_env({"LINE_MAX_EVENT_AGE_S": "60"}).max_event_age_s == 60
    with pytest.raises(ValueError, match="LINE_MAX_EVENT_AGE_S"):
        LineSettings.from_env({"LINE_MAX_EVENT_AGE_S": "soon"})


@needs_redis
@async_test
async def test_two_instances_sharing_redis_answer_a_duplicate_once() -> None:
    """LINE retries an event; the retry reaches the other Rasa instance. With
    REDIS_HOST set, only one of them answers (and LINE bills one push)."""
    prefix = uuid.uuid4().hex
    redis = RedisSettings(host="127.0.0.1")
    first_bot, second_bot = FakeBot(), FakeBot()
    first_api, second_api = FakeMessagingApi(), FakeMessagingApi()
    event = text("期間は？")
    first_seen = RedisSeenEvents(redis, prefix=prefix)
    second_seen = RedisSeenEvents(redis, prefix=prefix)
    async with line_webhook(first_bot, first_api, seen_events=first_seen) as first:
        async with line_webhook(second_bot, second_api, seen_events=second_seen) as second:
            assert await first.post(event) == 200
            assert await second.post(event) == 200
    await first_seen.close()
    await second_seen.close()
    assert len(first_bot.received) + len(second_bot.received) == 1
    assert len(first_api.calls(REPLY)) + len(second_api.calls(REPLY)) == 1
