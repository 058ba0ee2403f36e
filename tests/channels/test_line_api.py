"""The Messaging API client: retries, backoff, Retry-After, retry keys, never raising."""

from __future__ import annotations

import email.utils
import time
from typing import List, Optional

import pytest

from bot.channels.line_api import (
    ApiResult,
    LineApi,
    RetryPolicy,
    is_invalid_reply_token,
    retry_delay,
)
from tests.channels.line_fakes import (
    FAST_RETRY,
    TOKEN,
    USER_ID,
    FakeMessagingApi,
    async_test,
    free_socket,
)

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
MESSAGES = [{"type": "text", "text": "こんにちは"}]
POLICY = RetryPolicy(attempts=5, base_delay_s=1.0, max_delay_s=10.0)


def http_date_in(seconds: float) -> str:
    return email.utils.formatdate(time.time() + seconds, usegmt=True)


@pytest.mark.parametrize(
    ("failures", "retry_after", "expected"),
    [
        (1, None, 1.0),
        (2, None, 2.0),
        (3, None, 4.0),
        (5, None, 10.0),  # capped
        (1, "3", 3.0),  # the server asks for longer: honoured
        (3, "1", 4.0),  # the backoff is already longer
        (1, "120", 10.0),  # capped
        (1, "0", 1.0),
        (1, "soon", 1.0),  # unreadable: backoff
        (1, "", 1.0),
    ],
)
def test_retry_delay_backs_off_exponentially_and_honours_retry_after(
    failures: int, retry_after: Optional[str], expected: float
) -> None:
    assert retry_delay(POLICY, failures, retry_after) == pytest.approx(expected)


def test_retry_after_as_an_http_date_is_honoured() -> None:
    assert retry_delay(POLICY, 1, http_date_in(6)) == pytest.approx(6.0, abs=1.1)


class RecordedSleeps:
    def __init__(self) -> None:
        self.delays: List[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@async_test
async def test_500_then_429_are_retried_with_backoff_until_accepted() -> None:
    api, sleeps = FakeMessagingApi(), RecordedSleeps()
    base_url = await api.start()
    api.script(REPLY, (500, {"message": "error"}, {}), (429, {}, {"Retry-After": "1"}))
    client = LineApi(base_url=base_url, access_token=TOKEN, retry=FAST_RETRY, sleep=sleeps)
    try:
        result = await client.reply("rt", MESSAGES)
    finally:
        await client.close()
        await api.stop()
    assert result == ApiResult(ok=True, status=200, body=result.body, attempts=3)
    assert sleeps.delays == [pytest.approx(0.01), pytest.approx(0.05)]  # Retry-After, capped
    assert [call.json for call in api.calls(REPLY)] == [
        {"replyToken": "rt", "messages": MESSAGES}
    ] * 3


@async_test
async def test_persistent_errors_are_given_up_with_a_log_not_an_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    api = FakeMessagingApi()
    base_url = await api.start()
    api.script(PUSH, *[(503, {}, {})] * 3)
    client = LineApi(base_url=base_url, access_token=TOKEN, retry=FAST_RETRY)
    try:
        result = await client.push(USER_ID, MESSAGES)
    finally:
        await client.close()
        await api.stop()
    assert not result.ok
    assert (result.status, result.attempts) == (503, 3)
    assert "LINE push gave up after 3 attempts (last status 503)" in caplog.text


@async_test
async def test_push_keeps_one_retry_key_and_counts_409_as_delivered() -> None:
    api = FakeMessagingApi()
    base_url = await api.start()
    api.script(PUSH, (500, {}, {}), (409, {"message": "The retry key is already accepted"}, {}))
    client = LineApi(base_url=base_url, access_token=TOKEN, retry=FAST_RETRY)
    try:
        result = await client.push(USER_ID, MESSAGES)
    finally:
        await client.close()
        await api.stop()
    assert result.ok
    first, second = api.calls(PUSH)
    assert first.headers["X-Line-Retry-Key"] == second.headers["X-Line-Retry-Key"]
    assert first.json == {"to": USER_ID, "messages": MESSAGES}


@async_test
async def test_client_errors_are_not_retried() -> None:
    api = FakeMessagingApi()
    base_url = await api.start()
    api.script(REPLY, (400, {"message": "Invalid reply token"}, {}))
    client = LineApi(base_url=base_url, access_token=TOKEN, retry=FAST_RETRY)
    try:
        result = await client.reply("expired", MESSAGES)
    finally:
        await client.close()
        await api.stop()
    assert result.attempts == 1
    assert is_invalid_reply_token(result)


@async_test
async def test_unreachable_api_is_given_up_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with free_socket() as sock:  # bound, never listening: connections are refused
        port = sock.getsockname()[1]
        client = LineApi(base_url=f"http://127.0.0.1:{port}", access_token=TOKEN, retry=FAST_RETRY)
        result = await client.reply("rt", MESSAGES)
        profile = await client.profile(USER_ID)
        await client.close()
    assert not result.ok
    assert result.status is None
    assert profile is None
    assert "gave up after 3 attempts (last status no answer)" in caplog.text


@async_test
async def test_profile_returns_the_profile_or_none() -> None:
    api = FakeMessagingApi(profiles={USER_ID: {"displayName": "住民", "language": "zh-Hans"}})
    base_url = await api.start()
    client = LineApi(base_url=base_url, access_token=TOKEN, retry=FAST_RETRY)
    try:
        known = await client.profile(USER_ID)
        unknown = await client.profile("U" + "9" * 32)
    finally:
        await client.close()
        await api.stop()
    assert known is not None and known["language"] == "zh-Hans"
    assert unknown is None
    assert api.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (400, "Invalid reply token", True),
        (400, "The reply token has expired", True),
        (400, "The request body has 2 error(s)", False),
        (500, "Invalid reply token", False),
    ],
)
def test_invalid_reply_token_is_recognised(status: int, message: str, expected: bool) -> None:
    result = ApiResult(ok=False, status=status, body={"message": message}, attempts=1)
    assert is_invalid_reply_token(result) is expected
