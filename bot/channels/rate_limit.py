"""Per-sender rate limiting of the public channels (REST, LINE, website chat).

A token bucket per sender: a sender may send RATE_LIMIT_BURST messages at
once (default 10), and one more every 1/RATE_LIMIT_PER_SECOND seconds
(default 1 per second). A flood from one sender is slowed; other senders
are not affected. RATE_LIMIT_BURST=0 turns the limit off.

With REDIS_HOST set, the buckets live in Redis (one atomic Lua script per
message, keys expiring when the bucket is full again), so several Rasa
instances share them; otherwise in memory, for at most MAX_SENDERS senders
(the least recently seen are forgotten). If Redis cannot be reached the
message is let through (the lock store then reports the outage).

A second, looser bucket per client address (RATE_LIMIT_ADDRESS_BURST, default
60, RATE_LIMIT_ADDRESS_PER_SECOND, default 2) stops one client from flooding
by rotating sender ids; it is loose because many residents may share one
address (a town hall's Wi-Fi, a mobile carrier's NAT). Which address is the
client's: `bot.channels.client_address`.

A refusal says whether to tell the resident: only the first refusal after an
accepted message does, so a flood gets one notice, not one per message.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Protocol, Tuple

from bot.stores.lock_store import RedisSettings

logger = logging.getLogger(__name__)

DEFAULT_BURST = 10
DEFAULT_PER_SECOND = 1.0
SENDER_VARIABLES = "RATE_LIMIT"
ADDRESS_VARIABLES = "RATE_LIMIT_ADDRESS"
DEFAULT_ADDRESS_BURST = 60
DEFAULT_ADDRESS_PER_SECOND = 2.0
MAX_SENDERS = 100_000
REDIS_KEY = "ratelimit:"

# KEYS[1] bucket; ARGV burst, refill per second. Returns {allowed, retry ms, notify}.
BUCKET_LUA = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'noticed')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local noticed = tonumber(state[3]) or 0
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed, retry_ms, notify = 0, 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
  noticed = 0
else
  retry_ms = math.ceil((1 - tokens) / rate * 1000)
  if noticed == 0 then notify = 1 end
  noticed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 'noticed', noticed)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, retry_ms, notify}
"""


class RateLimitError(ValueError):
    """RATE_LIMIT_* is not a usable number."""


@dataclass(frozen=True)
class RateLimitSettings:
    """The token bucket's size and refill rate.

    Attributes:
        burst: messages a sender may send at once (0: no limit).
        per_second: messages added back per second.
    """

    burst: int = DEFAULT_BURST
    per_second: float = DEFAULT_PER_SECOND

    @property
    def enabled(self) -> bool:
        """Whether messages are limited at all."""
        return self.burst > 0

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] = os.environ,
        *,
        variables: str = SENDER_VARIABLES,
        default_burst: int = DEFAULT_BURST,
        default_per_second: float = DEFAULT_PER_SECOND,
    ) -> RateLimitSettings:
        """Reads <variables>_BURST and <variables>_PER_SECOND.

        Args:
            env: the environment to read.
            variables: the variables' prefix (RATE_LIMIT per sender,
                RATE_LIMIT_ADDRESS per client address).
            default_burst: the burst when the variable is unset.
            default_per_second: the refill rate when the variable is unset.

        Returns:
            The settings.

        Raises:
            RateLimitError: a value is not a number, negative, or the rate is 0.
        """
        burst_name, rate_name = f"{variables}_BURST", f"{variables}_PER_SECOND"
        burst_text = env.get(burst_name, "").strip()
        rate_text = env.get(rate_name, "").strip()
        try:
            burst = int(burst_text) if burst_text else default_burst
            per_second = float(rate_text) if rate_text else default_per_second
        except ValueError as error:
            raise RateLimitError(
                f"{burst_name} must be a whole number and {rate_name} a number."
            ) from error
        if burst < 0 or not per_second > 0 or math.isinf(per_second):
            raise RateLimitError(f"{burst_name} must be 0 (off) or more, {rate_name} more than 0.")
        return cls(burst=burst, per_second=per_second)


@dataclass(frozen=True)
class Decision:
    """Whether one message may pass.

    Attributes:
        allowed: the message goes to the bot.
        retry_after_s: when refused, the seconds until the next message may pass.
        notify: when refused, whether to tell the resident (the first refusal only).
    """

    allowed: bool
    retry_after_s: float = 0.0
    notify: bool = False


ALLOWED = Decision(allowed=True)


class RateLimiter(Protocol):
    """Takes one token from a sender's bucket."""

    async def hit(self, key: str) -> Decision:
        """Counts one message of `key` (channel and sender) and decides."""
        ...


class NoRateLimit:
    """Lets everything through (RATE_LIMIT_BURST=0)."""

    async def hit(self, key: str) -> Decision:
        """Always allowed."""
        return ALLOWED


class MemoryRateLimiter:
    """Token buckets in this process's memory, for a bounded number of senders."""

    def __init__(
        self,
        settings: RateLimitSettings,
        *,
        max_senders: int = MAX_SENDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Creates empty buckets.

        Args:
            settings: bucket size and refill rate.
            max_senders: how many senders are remembered.
            clock: seconds, monotonic (tests pass a fake).
        """
        self.settings = settings
        self._max = max_senders
        self._clock = clock
        # key -> (tokens, time of last update, refusal already noticed)
        self._buckets: OrderedDict[str, Tuple[float, float, bool]] = OrderedDict()

    async def hit(self, key: str) -> Decision:
        """Takes a token from `key`'s bucket, if there is one."""
        now = self._clock()
        burst, rate = float(self.settings.burst), self.settings.per_second
        tokens, at, noticed = self._buckets.pop(key, (burst, now, False))
        tokens = min(burst, tokens + max(0.0, now - at) * rate)
        if tokens >= 1:
            decision, tokens, noticed = ALLOWED, tokens - 1, False
        else:
            decision = Decision(False, (1 - tokens) / rate, notify=not noticed)
            noticed = True
        self._buckets[key] = (tokens, now, noticed)
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return decision


class RedisRateLimiter:
    """Token buckets in Redis, shared by every instance using the same Redis."""

    def __init__(
        self, settings: RateLimitSettings, redis_settings: RedisSettings, *, prefix: str = ""
    ) -> None:
        """Prepares the client (Redis is contacted on the first message).

        Args:
            settings: bucket size and refill rate.
            redis_settings: where Redis is (REDIS_*).
            prefix: extra key prefix (tests use a unique one).
        """
        self.settings = settings
        self._redis = redis_settings.async_client()
        self._prefix = redis_settings.key(REDIS_KEY, prefix)
        self._script = self._redis.register_script(BUCKET_LUA)

    async def hit(self, key: str) -> Decision:
        """Takes a token from `key`'s bucket in Redis; allows when Redis is down."""
        from redis.exceptions import RedisError

        try:
            allowed, retry_ms, notify = await self._script(
                keys=[self._prefix + key], args=[self.settings.burst, self.settings.per_second]
            )
        except (RedisError, OSError) as error:
            logger.warning("Rate limit: Redis unavailable (%s); message let through", error)
            return ALLOWED
        if allowed:
            return ALLOWED
        return Decision(False, int(retry_ms) / 1000, notify=bool(notify))

    async def close(self) -> None:
        """Closes the Redis connections."""
        await self._redis.close()


def rate_limiter_from_env(env: Mapping[str, str] = os.environ, *, prefix: str = "") -> RateLimiter:
    """The per-sender rate limiter the environment asks for.

    Args:
        env: the environment to read (RATE_LIMIT_*, REDIS_*).
        prefix: extra Redis key prefix (tests).

    Returns:
        No limit (RATE_LIMIT_BURST=0), Redis buckets (REDIS_HOST set) or memory buckets.
    """
    return _limiter(RateLimitSettings.from_env(env), env, prefix=prefix, what="RATE_LIMIT_BURST")


def address_rate_limiter_from_env(
    env: Mapping[str, str] = os.environ, *, prefix: str = ""
) -> RateLimiter:
    """The per-client-address rate limiter (RATE_LIMIT_ADDRESS_*, REDIS_*)."""
    settings = RateLimitSettings.from_env(
        env,
        variables=ADDRESS_VARIABLES,
        default_burst=DEFAULT_ADDRESS_BURST,
        default_per_second=DEFAULT_ADDRESS_PER_SECOND,
    )
    return _limiter(settings, env, prefix=prefix, what="RATE_LIMIT_ADDRESS_BURST")


def _limiter(
    settings: RateLimitSettings, env: Mapping[str, str], *, prefix: str, what: str
) -> RateLimiter:
    if not settings.enabled:
        logger.info("Rate limit: off (%s=0)", what)
        return NoRateLimit()
    redis_settings: Optional[RedisSettings] = RedisSettings.from_env(env)
    if redis_settings is not None:
        return RedisRateLimiter(settings, redis_settings, prefix=prefix)
    return MemoryRateLimiter(settings)
