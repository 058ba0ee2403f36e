"""Per-sender token buckets, in memory and in the real Redis on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Dict, List

import pytest

from bot.channels.rate_limit import (
    MemoryRateLimiter,
    NoRateLimit,
    RateLimitError,
    RateLimitSettings,
    RedisRateLimiter,
    rate_limiter_from_env,
)
from bot.stores.lock_store import RedisSettings
from tests.channels.line_fakes import async_test

REDIS = ("127.0.0.1", 6379)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_up(), reason="Redis is not running on 127.0.0.1:6379 (apt-get install redis-server)"
)


@async_test
async def test_burst_then_refill_per_sender() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(RateLimitSettings(burst=3, per_second=1.0), clock=clock)
    flood = [await limiter.hit("rest:a") for _ in range(5)]
    assert [d.allowed for d in flood] == [True, True, True, False, False]
    assert flood[3].retry_after_s == pytest.approx(1.0)
    assert (await limiter.hit("rest:b")).allowed
    clock.now += 1.0
    assert (await limiter.hit("rest:a")).allowed
    assert not (await limiter.hit("rest:a")).allowed
    clock.now += 100
    assert [(await limiter.hit("rest:a")).allowed for _ in range(4)] == [True] * 3 + [False]


@async_test
async def test_a_flood_is_notified_once_until_a_message_passes_again() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(RateLimitSettings(burst=1, per_second=1.0), clock=clock)
    decisions = [await limiter.hit("line:a") for _ in range(4)]
    assert [(d.allowed, d.notify) for d in decisions] == [
        (True, False),
        (False, True),
        (False, False),
        (False, False),
    ]
    clock.now += 1.0
    assert (await limiter.hit("line:a")).allowed
    assert (await limiter.hit("line:a")).notify


@async_test
async def test_memory_is_bounded_by_forgetting_the_least_recent_sender() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(
        RateLimitSettings(burst=1, per_second=0.001), max_senders=2, clock=clock
    )
    for sender in ("a", "b"):
        assert (await limiter.hit(sender)).allowed
    assert not (await limiter.hit("a")).allowed  # a is now the most recent
    assert (await limiter.hit("c")).allowed  # b is forgotten
    assert (await limiter.hit("b")).allowed  # b starts afresh
    assert len(limiter._buckets) == 2


@pytest.mark.parametrize(
    ("env", "burst", "per_second"),
    [
        ({}, 10, 1.0),
        ({"RATE_LIMIT_BURST": "5", "RATE_LIMIT_PER_SECOND": "0.5"}, 5, 0.5),
    ],
)
def test_settings_from_env(env: Dict[str, str], burst: int, per_second: float) -> None:
    settings = RateLimitSettings.from_env(env)
    assert (settings.burst, settings.per_second) == (burst, per_second)


@pytest.mark.parametrize(
    "env",
    [
        {"RATE_LIMIT_BURST": "ten"},
        {"RATE_LIMIT_BURST": "-1"},
        {"RATE_LIMIT_PER_SECOND": "0"},
        {"RATE_LIMIT_PER_SECOND": "inf"},
    ],
)
def test_bad_settings_say_which_variable(env: Dict[str, str]) -> None:
    with pytest.raises(RateLimitError, match="RATE_LIMIT_"):
        RateLimitSettings.from_env(env)


def test_factory_picks_off_memory_or_redis() -> None:
    assert isinstance(rate_limiter_from_env({"RATE_LIMIT_BURST": "0"}), NoRateLimit)
    assert isinstance(rate_limiter_from_env({}), MemoryRateLimiter)
    assert isinstance(rate_limiter_from_env({"REDIS_HOST": "127.0.0.1"}), RedisRateLimiter)


async def _redis_limiters(count: int, settings: RateLimitSettings) -> List[RedisRateLimiter]:
    prefix = f"test{uuid.uuid4().hex}:"
    redis_settings = RedisSettings(host=REDIS[0], port=REDIS[1], db=15)
    return [RedisRateLimiter(settings, redis_settings, prefix=prefix) for _ in range(count)]


@needs_redis
@async_test
async def test_two_instances_share_their_buckets_in_redis() -> None:
    first, second = await _redis_limiters(2, RateLimitSettings(burst=3, per_second=20.0))
    try:
        hits = [await limiter.hit("rest:a") for limiter in (first, second, first, second)]
        assert [d.allowed for d in hits] == [True, True, True, False]
        assert hits[3].notify and 0 < hits[3].retry_after_s <= 0.06
        assert not (await first.hit("rest:a")).notify  # one notice per flood
        assert (await second.hit("rest:b")).allowed  # other senders are not affected
        await asyncio.sleep(0.1)
        assert (await first.hit("rest:a")).allowed  # refilled
    finally:
        for limiter in (first, second):
            await limiter._redis.delete(*[limiter._prefix + k for k in ("rest:a", "rest:b")])
            await limiter.close()


@needs_redis
@async_test
async def test_redis_buckets_expire_once_full_again() -> None:
    [limiter] = await _redis_limiters(1, RateLimitSettings(burst=2, per_second=1.0))
    try:
        await limiter.hit("rest:a")
        ttl_ms = await limiter._redis.pttl(limiter._prefix + "rest:a")
        assert 0 < ttl_ms <= 3000
    finally:
        await limiter._redis.delete(limiter._prefix + "rest:a")
        await limiter.close()


@async_test
async def test_unreachable_redis_lets_messages_through(caplog: pytest.LogCaptureFixture) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    limiter = RedisRateLimiter(
        RateLimitSettings(burst=1, per_second=1.0), RedisSettings(host="127.0.0.1", port=port)
    )
    assert [(await limiter.hit("rest:a")).allowed for _ in range(3)] == [True] * 3
    assert "Rate limit: Redis unavailable" in caplog.text
    await limiter.close()
