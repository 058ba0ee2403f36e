"""The hardened REST channel over HTTP, with a fake bot in place of Rasa's agent."""

from __future__ import annotations

import logging
from typing import Any, Dict, FrozenSet, List, Optional

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError, RedisLockStore

from bot.channels.guard import MessageGuard
from bot.channels.limits import InputLimits
from bot.channels.rate_limit import MemoryRateLimiter, RateLimitSettings
from bot.channels.rest import RestInput
from tests.channels.line_fakes import FakeBot, async_test, free_socket
from tests.channels.rest_fakes import serve

PHONE = "0749-42-7680"  # tests/data/town/contact.yml
ASK_EN = "Please type your question about Aisho Town's DX policy."
ASK_JA = "ご質問を入力してください。"


def channel(
    *,
    burst: int = 100,
    per_second: float = 100.0,
    address_burst: int = 1000,
    trusted: FrozenSet[str] = frozenset({"127.0.0.1"}),
) -> RestInput:
    limiter = MemoryRateLimiter(RateLimitSettings(burst=burst, per_second=per_second))
    by_address = MemoryRateLimiter(RateLimitSettings(burst=address_burst, per_second=0.01))
    guard = MessageGuard(
        "rest", limits=InputLimits(1000), rate_limiter=limiter, address_limiter=by_address
    )
    return RestInput(guard, trusted_proxies=trusted)


def texts(answer: List[Dict[str, Any]]) -> List[str]:
    return [message["text"] for message in answer]


@async_test
async def test_a_normal_message_is_answered_like_rasas_rest_channel() -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post(
            {"sender": "r1", "message": "期間は？", "metadata": {"language": "ja"}}
        )
    assert status == 200
    assert answer == [{"recipient_id": "r1", "text": "echo: 期間は？"}]
    [message] = bot.received
    assert (message.sender_id, message.input_channel) == ("r1", "rest")
    assert message.metadata == {"language": "ja"}


@pytest.mark.parametrize(
    ("message", "metadata", "expected"),
    [
        ("", None, ASK_JA),
        ("   \n\t  ", None, ASK_JA),
        ("\u3000\u3000", None, ASK_JA),
        ("\x00\x07\x1b", None, ASK_JA),
        ("", {"language": "en-US"}, ASK_EN),
        ("", {"language": "pt-BR"}, "Por favor, digite sua pergunta"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "controls-only", "empty-en", "empty-pt"],
)
@async_test
async def test_empty_message_gets_please_type_your_question(
    message: str, metadata: Optional[Dict[str, str]], expected: str
) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post(
            {"sender": "r1", "message": message, "metadata": metadata}
        )
    assert status == 200
    [notice] = texts(answer)
    assert notice.startswith(expected)
    assert bot.received == []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("期間" * 5000, "メッセージが長すぎるため"),
        ("When does the policy end? " * 400, "Your message is too long"),
        ("Quando termina a política de DX da cidade? " * 300, "Sua mensagem é longa demais"),
    ],
    ids=["ja", "en", "pt"],
)
@async_test
async def test_too_long_message_is_refused_politely_with_the_limit(
    message: str, expected: str
) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post({"sender": "r1", "message": message})
    assert status == 200
    [notice] = texts(answer)
    assert notice.startswith(expected)
    assert "1,000" in notice
    assert bot.received == []


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b'{"sender": "r1", "message": "hi"', "application/json"),
        (b"sender=r1&message=hi", "application/x-www-form-urlencoded"),
        (b'{"sender": "r1", "message": "hi"}', "text/plain"),
        (b'{"sender": "r1", "message": "\xff\xfe\xfa"}', "application/json"),
        (b'{"message": "hi"}', "application/json"),
        (b'{"sender": "", "message": "hi"}', "application/json"),
        (b'{"sender": ["r1"], "message": "hi"}', "application/json"),
        (b'{"sender": "r1\\n", "message": "hi"}', "application/json"),
        (b'{"sender": "' + b"x" * 200 + b'", "message": "hi"}', "application/json"),
        (b'{"sender": "r1"}', "application/json"),
        (b'{"sender": "r1", "message": 42}', "application/json"),
        (b'["r1", "hi"]', "application/json"),
        (b"", "application/json"),
    ],
    ids=[
        "invalid-json",
        "form-encoded",
        "text-plain",
        "invalid-utf8",
        "missing-sender",
        "empty-sender",
        "sender-not-text",
        "sender-with-newline",
        "sender-too-long",
        "missing-message",
        "message-not-text",
        "not-an-object",
        "empty-body",
    ],
)
@async_test
async def test_unreadable_request_gets_400_json_and_the_next_message_is_answered(
    raw: bytes, content_type: str
) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post(raw=raw, content_type=content_type)
        assert status == 400
        assert isinstance(answer["error"], str) and answer["error"]
        assert bot.received == []
        status, answer, _ = await rest.post({"sender": "r1", "message": "期間は？"})
    assert (status, texts(answer)) == (200, ["echo: 期間は？"])


@pytest.mark.parametrize(
    ("sent", "received"),
    [
        ("期間\x00は\x07？\r\n教えて\x1b", "期間は？\n教えて"),
        ("tab\tkept", "tab\tkept"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("🙂🙂🙂", "🙂🙂🙂"),
        ("👨‍👩‍👧 家族", "👨‍👩‍👧 家族"),
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ("'; DROP TABLE events; --", "'; DROP TABLE events; --"),
        ("1 OR 1=1", "1 OR 1=1"),
    ],
    ids=["controls", "tab", "lone-surrogate", "emoji", "zwj-emoji", "script", "sql", "sql-or"],
)
@async_test
async def test_odd_text_is_cleaned_of_controls_and_otherwise_handled_normally(
    sent: str, received: str
) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post({"sender": "r1", "message": sent})
    assert status == 200
    assert bot.received[0].text == received
    assert texts(answer) == [f"echo: {received}"]


@async_test
async def test_no_reply_from_the_bot_becomes_a_polite_notice_with_the_phone() -> None:
    bot = FakeBot(answer=lambda _: [])
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post({"sender": "r1", "message": "期間は？"})
        _, english, _ = await rest.post({"sender": "r2", "message": "When does the policy end?"})
    assert status == 200
    [notice] = texts(answer)
    assert notice.startswith("申し訳ありません。") and PHONE in notice
    [english_notice] = texts(english)
    assert (
        english_notice.startswith("Sorry, I cannot answer right now.") and PHONE in english_notice
    )


class LockedBot(FakeBot):
    """Takes the conversation's lock in a Redis nobody listens on, as Rasa's agent does."""

    def __init__(self) -> None:
        super().__init__()
        sock = free_socket()
        port = sock.getsockname()[1]
        sock.close()
        self.lock_store = RedisLockStore(host="127.0.0.1", port=port, socket_timeout=1)

    async def on_new_message(self, message: UserMessage) -> None:
        self.received.append(message)
        async with self.lock_store.lock(message.sender_id):
            await message.output_channel.send_text_message(message.sender_id, "never")


@async_test
async def test_lock_store_down_gives_503_with_the_notice_and_a_log_without_the_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = LockedBot()
    private_text = "私の住所は愛荘町愛知川1-2-3です"
    with caplog.at_level(logging.INFO):
        async with serve(channel(), bot) as rest:
            status, answer, _ = await rest.post({"sender": "r1", "message": private_text})
    assert status == 503
    assert answer == [{"recipient_id": "r1", "text": answer[0]["text"]}]
    assert answer[0]["text"].startswith("申し訳ありません。") and PHONE in answer[0]["text"]
    assert "rest: the bot could not handle a message (LockError" in caplog.text
    assert private_text not in caplog.text
    assert LockError.__name__ in caplog.text


@async_test
async def test_a_flood_from_one_sender_gets_429_and_other_senders_are_still_answered() -> None:
    bot = FakeBot()
    async with serve(channel(burst=3, per_second=0.1), bot) as rest:
        flood = [await rest.post({"sender": "flood", "message": f"q{i}"}) for i in range(6)]
        other = await rest.post({"sender": "calm", "message": "Hello"})
    assert [status for status, _, _ in flood] == [200, 200, 200, 429, 429, 429]
    for _, answer, headers in flood[3:]:
        assert int(headers["Retry-After"]) >= 1
        [notice] = texts(answer)
        assert notice.startswith("短い時間にたくさんのメッセージが届きました。")
    assert [m.text for m in bot.received] == ["q0", "q1", "q2", "Hello"]
    assert other[0] == 200 and texts(other[1]) == ["echo: Hello"]


@async_test
async def test_health_and_url_stay_rasas() -> None:
    async with serve(channel(), FakeBot()) as rest:
        assert rest.url.endswith("/webhooks/rest/webhook")
        async with rest.client.get(rest.url[: -len("webhook")]) as answer:
            assert (answer.status, await answer.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(
    "sender",
    [
        "line-3f9a0c",  # a LINE resident's conversation
        "LINE-3f9a0c",
        "山田",
        "a b",
        "-leading-dash",
        "../../etc",
        "x" * 65,
        "r1\u202e",
    ],
    ids=["line", "line-upper", "kanji", "space", "dash", "path", "65-chars", "bidi"],
)
@async_test
async def test_unusable_or_reserved_sender_ids_get_a_clear_400(sender: str) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, answer, _ = await rest.post({"sender": sender, "message": "期間は？"})
    assert status == 400
    assert answer["error"].startswith('"sender": ')
    assert bot.received == []


@pytest.mark.parametrize("sender", ["r1", "web-1f2e3d4c", "town.kiosk:2", "x" * 64, 12345])
@async_test
async def test_plain_sender_ids_are_accepted(sender: object) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        status, _, _ = await rest.post({"sender": sender, "message": "期間は？"})
    assert status == 200 and [m.sender_id for m in bot.received] == [str(sender)]


@pytest.mark.parametrize("claimed", ["line", "socketio", "web", ""])
@async_test
async def test_a_client_cannot_choose_the_channel_name(claimed: str) -> None:
    bot = FakeBot()
    async with serve(channel(), bot) as rest:
        await rest.post({"sender": "r1", "message": "期間は？", "input_channel": claimed})
    assert [m.input_channel for m in bot.received] == ["rest"]


@async_test
async def test_rotating_sender_ids_from_one_address_are_limited() -> None:
    bot = FakeBot()
    async with serve(channel(address_burst=3), bot) as rest:
        # One client behind our proxy, a new sender id each time.
        statuses = [
            (
                await rest.post(
                    {"sender": f"r{i}", "message": "期間は？"},
                    headers={"X-Forwarded-For": "198.51.100.20"},
                )
            )[0]
            for i in range(5)
        ]
        # Another resident behind our proxy (X-Forwarded-For from a trusted peer).
        other, _, _ = await rest.post(
            {"sender": "calm", "message": "期間は？"}, headers={"X-Forwarded-For": "203.0.113.9"}
        )
    assert statuses == [200, 200, 200, 429, 429]
    assert other == 200


@async_test
async def test_x_forwarded_for_is_ignored_from_an_untrusted_peer() -> None:
    """Not trusted, the header is the client's own claim: the peer (loopback,
    not limited by address) counts, and the claimed address is not limited."""
    bot = FakeBot()
    async with serve(channel(address_burst=2, trusted=frozenset()), bot) as rest:
        statuses = [
            (
                await rest.post(
                    {"sender": f"r{i}", "message": "期間は？"},
                    headers={"X-Forwarded-For": "198.51.100.20"},
                )
            )[0]
            for i in range(4)
        ]
    assert statuses == [200, 200, 200, 200]


@async_test
async def test_loopback_callers_are_limited_per_sender_only() -> None:
    bot = FakeBot()
    async with serve(channel(address_burst=2), bot) as rest:
        statuses = [
            (await rest.post({"sender": f"r{i}", "message": "期間は？"}))[0] for i in range(5)
        ]
    assert statuses == [200] * 5
