"""The lock store endpoints.yml names, created by Rasa's own factory."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.stores.lock_store import EnvLockStore, RedisSettings, RedisSettingsError
from tests.stores.store_servers import clear_store_env, closed_port, needs_redis

ENDPOINTS = str(Path(__file__).resolve().parent.parent.parent / "endpoints.yml")


def create_from_endpoints() -> LockStore:
    return LockStore.create(read_endpoint_config(ENDPOINTS, "lock_store"))


def test_nothing_set_means_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_store_env(monkeypatch)
    store = create_from_endpoints()
    assert isinstance(store, EnvLockStore)
    assert isinstance(store.store, InMemoryLockStore)


def test_redis_settings_from_env() -> None:
    settings = RedisSettings.from_env(
        {"REDIS_HOST": "redis", "REDIS_PORT": "6380", "REDIS_DB": "2", "REDIS_KEY_PREFIX": "aisho"}
    )
    assert settings == RedisSettings(host="redis", port=6380, db=2, key_prefix="aisho")
    assert RedisSettings.from_env({"REDIS_PORT": "6380"}) is None


@pytest.mark.parametrize(
    "env",
    [
        {"REDIS_HOST": "redis", "REDIS_PORT": "six"},
        {"REDIS_HOST": "redis", "REDIS_DB": "one"},
        {"REDIS_HOST": "redis", "REDIS_KEY_PREFIX": "aisho-dx"},
    ],
)
def test_bad_redis_settings_name_the_variable(env: dict) -> None:
    with pytest.raises(RedisSettingsError, match="REDIS_"):
        RedisSettings.from_env(env)


async def _hold_and_queue(first: LockStore, second: LockStore, conversation: str) -> None:
    async with first.lock(conversation):
        # The second instance must queue behind the first: its ticket is locked.
        ticket = second.issue_ticket(conversation)
        lock = second.get_lock(conversation)
        assert lock is not None and lock.is_locked(ticket)
        second.cleanup(conversation, ticket)
    assert second.get_lock(conversation) is None


@needs_redis
def test_two_instances_share_locks_in_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_store_env(monkeypatch)
    monkeypatch.setenv("REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("REDIS_KEY_PREFIX", f"test{uuid.uuid4().hex}")
    first, second = create_from_endpoints(), create_from_endpoints()
    assert isinstance(first, EnvLockStore) and isinstance(first.store, RedisLockStore)
    asyncio.run(_hold_and_queue(first, second, f"r-{uuid.uuid4().hex}"))


def test_unreachable_redis_fails_each_message_with_a_lock_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clear_store_env(monkeypatch)
    monkeypatch.setenv("REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("REDIS_PORT", str(closed_port()))
    store = create_from_endpoints()  # Rasa still starts: Redis is contacted on use

    async def handle() -> None:
        async with store.lock("r1"):
            pass

    with pytest.raises(LockError, match="Error while acquiring lock"):
        asyncio.run(handle())
