"""Which LINE webhook events were already answered, across every Rasa instance.

LINE may deliver an event twice (a retry after a slow answer, a redelivery);
answering twice is confusing and a push message is billed. Each event's
`webhookEventId` is remembered for a day: in Redis when REDIS_HOST is set
(one `SET NX` per event, so two instances never both answer it), otherwise in
this process's memory. If Redis cannot be reached the memory of this instance
is used and the outage is logged.
"""

from __future__ import annotations

import logging
import os
from typing import Mapping, Optional, Protocol

from bot.channels.line_cache import TtlCache
from bot.stores.lock_store import RedisSettings

logger = logging.getLogger(__name__)

SEEN_EVENTS_TTL_S = 24 * 3600.0
MAX_CACHED = 10_000
REDIS_KEY = "line-event:"


class SeenEvents(Protocol):
    """Remembers event ids."""

    async def first_time(self, event_id: str) -> bool:
        """True the first time `event_id` is offered, False after that."""
        ...


class MemorySeenEvents:
    """Event ids in this process's memory (one instance)."""

    def __init__(self, ttl_s: float = SEEN_EVENTS_TTL_S, max_entries: int = MAX_CACHED) -> None:
        """Creates an empty memory of at most `max_entries` ids kept `ttl_s` seconds."""
        self._cache: TtlCache[bool] = TtlCache(ttl_s=ttl_s, max_entries=max_entries)

    async def first_time(self, event_id: str) -> bool:
        """True the first time `event_id` is offered."""
        return self._cache.add_if_new(event_id, True)


class RedisSeenEvents:
    """Event ids in Redis, shared by every instance using the same Redis."""

    def __init__(
        self, settings: RedisSettings, *, ttl_s: float = SEEN_EVENTS_TTL_S, prefix: str = ""
    ) -> None:
        """Prepares the client (Redis is contacted on the first event)."""
        self._redis = settings.async_client()
        self._prefix = settings.key(REDIS_KEY, prefix)
        self._ttl_ms = int(ttl_s * 1000)
        self._fallback = MemorySeenEvents(ttl_s=ttl_s)

    async def first_time(self, event_id: str) -> bool:
        """True when this call stored `event_id` (SET NX); falls back to memory."""
        from redis.exceptions import RedisError

        try:
            stored = await self._redis.set(self._prefix + event_id, "1", nx=True, px=self._ttl_ms)
        except (RedisError, OSError) as error:
            logger.warning(
                "LINE: Redis unavailable for duplicate events (%s)", type(error).__name__
            )
            return await self._fallback.first_time(event_id)
        return bool(stored)

    async def close(self) -> None:
        """Closes the Redis connections."""
        await self._redis.close()


def seen_events_from_env(env: Mapping[str, str] = os.environ, *, prefix: str = "") -> SeenEvents:
    """Redis-backed when REDIS_HOST is set, else in memory."""
    redis_settings: Optional[RedisSettings] = RedisSettings.from_env(env)
    if redis_settings is None:
        return MemorySeenEvents()
    return RedisSeenEvents(redis_settings, prefix=prefix)
