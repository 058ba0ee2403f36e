"""Rasa's lock store, chosen by the environment: Redis when REDIS_HOST is set.

endpoints.yml names this class (`type: bot.stores.lock_store.EnvLockStore`).
Rasa builds custom lock stores as `cls(endpoint_config=...)`, so the class
wraps the store the environment asks for and hands it every lock operation:
Rasa's RedisLockStore (several Rasa instances never process one conversation
at once) or Rasa's InMemoryLockStore (one process, the embedded default).

Variables: REDIS_HOST (unset: in memory), REDIS_PORT (6379), REDIS_DB (1, as
Rasa's default), REDIS_PASSWORD, REDIS_KEY_PREFIX (letters and digits; keeps
several deployments apart on one Redis). The rate limiter of the public
channels uses the same Redis (`bot.channels.rate_limit`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

logger = logging.getLogger(__name__)

DEFAULT_REDIS_PORT = 6379
DEFAULT_REDIS_DB = 1


class RedisSettingsError(ValueError):
    """The REDIS_* variables cannot be used; the message says which one."""


@dataclass(frozen=True)
class RedisSettings:
    """Where Redis is, from REDIS_* variables.

    Attributes:
        host: the Redis host.
        port: its port.
        db: the database number.
        password: the password, if Redis requires one (never logged).
        key_prefix: letters and digits put before every key ("" for none).
    """

    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = DEFAULT_REDIS_DB
    password: Optional[str] = None
    key_prefix: str = ""

    def async_client(self, *, timeout_s: float = 2.0) -> Any:
        """A redis.asyncio client for these settings (connects on first use)."""
        from redis import asyncio as redis_asyncio

        return redis_asyncio.Redis(
            host=self.host,
            port=self.port,
            db=self.db,
            password=self.password,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
        )

    def key(self, *parts: str) -> str:
        """A Redis key under KEY_PREFIX (when set): prefix:part1part2..."""
        base = f"{self.key_prefix}:" if self.key_prefix else ""
        return base + "".join(parts)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Optional[RedisSettings]:
        """Reads REDIS_*; None when REDIS_HOST is unset (no Redis).

        Args:
            env: the environment to read.

        Returns:
            The settings, or None.

        Raises:
            RedisSettingsError: a port or db that is not a number, or a key
                prefix with other characters than letters and digits.
        """
        host = env.get("REDIS_HOST", "").strip()
        if not host:
            return None
        prefix = env.get("REDIS_KEY_PREFIX", "").strip()
        if prefix and not prefix.isalnum():
            raise RedisSettingsError(
                f"REDIS_KEY_PREFIX={prefix!r}: use letters and digits only (Rasa's rule)."
            )
        return cls(
            host=host,
            port=_number(env, "REDIS_PORT", DEFAULT_REDIS_PORT),
            db=_number(env, "REDIS_DB", DEFAULT_REDIS_DB),
            password=env.get("REDIS_PASSWORD") or None,
            key_prefix=prefix,
        )


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError as error:
        raise RedisSettingsError(f"{name}={text!r} must be a number.") from error


def lock_store_from_env(env: Mapping[str, str] = os.environ) -> LockStore:
    """Rasa's RedisLockStore when REDIS_HOST is set, else its InMemoryLockStore.

    Args:
        env: the environment to read.

    Returns:
        The lock store (Redis is contacted on first use, not here).
    """
    settings = RedisSettings.from_env(env)
    if settings is None:
        logger.info("Lock store: in memory (one Rasa process; set REDIS_HOST for several)")
        return InMemoryLockStore()
    logger.info("Lock store: Redis at %s:%d db %d", settings.host, settings.port, settings.db)
    return RedisLockStore(
        host=settings.host,
        port=settings.port,
        db=settings.db,
        password=settings.password,
        key_prefix=settings.key_prefix or None,
    )


class EnvLockStore(LockStore):
    """The lock store the environment names, behind Rasa's LockStore interface."""

    def __init__(
        self,
        endpoint_config: Any = None,
        *,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        """Creates the Redis or in-memory store.

        Args:
            endpoint_config: endpoints.yml's `lock_store` entry; only its type is used.
            env: the environment to read (os.environ by default).
        """
        self.store = lock_store_from_env(env)
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        """The conversation's lock, if any."""
        return self.store.get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        """Deletes the conversation's lock."""
        self.store.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Stores a lock."""
        self.store.save_lock(lock)
