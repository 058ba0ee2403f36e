"""The event broker endpoints.yml names, created by Rasa's own factory."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import aio_pika
import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import read_endpoint_config

from bot.stores.event_broker import BrokerSettingsError, EnvEventBroker, RabbitSettings
from tests.stores.store_servers import clear_store_env, needs_rabbitmq

ENDPOINTS = str(Path(__file__).resolve().parent.parent.parent / "endpoints.yml")


async def create_from_endpoints() -> EventBroker | None:
    return await EventBroker.create(read_endpoint_config(ENDPOINTS, "event_broker"))


def test_nothing_set_means_no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_store_env(monkeypatch)
    assert asyncio.run(create_from_endpoints()) is None


def test_rabbit_settings_from_env() -> None:
    assert RabbitSettings.from_env({}) is None
    assert RabbitSettings.from_env({"RABBITMQ_HOST": "mq"}) == RabbitSettings(host="mq")
    with pytest.raises(BrokerSettingsError, match="RABBITMQ_PORT"):
        RabbitSettings.from_env({"RABBITMQ_HOST": "mq", "RABBITMQ_PORT": "amqp"})


async def _publish_and_read(queue: str) -> aio_pika.abc.AbstractIncomingMessage:
    broker = await create_from_endpoints()
    assert isinstance(broker, EnvEventBroker) and broker.is_ready()
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    try:
        channel = await connection.channel()
        broker.publish({"event": "user", "sender_id": "r1", "text": "期間は？"})
        await asyncio.sleep(0.5)
        declared = await channel.declare_queue(queue, durable=True)
        message = await declared.get(timeout=5)
        await message.ack()
        await declared.delete(if_unused=False, if_empty=False)
        return message
    finally:
        await broker.close()
        await connection.close()


@needs_rabbitmq
def test_rabbitmq_receives_conversation_events(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_store_env(monkeypatch)
    queue = f"aisho_test_{uuid.uuid4().hex}"
    monkeypatch.setenv("RABBITMQ_HOST", "127.0.0.1")
    monkeypatch.setenv("RABBITMQ_QUEUE", queue)
    event = json.loads(asyncio.run(_publish_and_read(queue)).body)
    assert event["sender_id"] == "r1" and event["text"] == "期間は？"


@needs_rabbitmq
def test_unconsumed_events_expire_after_the_configured_days(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RabbitMQ drops an event nobody consumed: residents' words do not pile up there."""
    clear_store_env(monkeypatch)
    queue = f"aisho_test_{uuid.uuid4().hex}"
    monkeypatch.setenv("RABBITMQ_HOST", "127.0.0.1")
    monkeypatch.setenv("RABBITMQ_QUEUE", queue)
    monkeypatch.setenv("RABBITMQ_MESSAGE_TTL_DAYS", "3")
    message = asyncio.run(_publish_and_read(queue))
    assert message.expiration == 3 * 24 * 3600  # seconds; RabbitMQ holds it in milliseconds


def test_the_message_ttl_must_be_whole_days() -> None:
    with pytest.raises(BrokerSettingsError, match="RABBITMQ_MESSAGE_TTL_DAYS"):
        RabbitSettings.from_env({"RABBITMQ_HOST": "mq", "RABBITMQ_MESSAGE_TTL_DAYS": "0"})
    assert RabbitSettings.from_env({"RABBITMQ_HOST": "mq"}).ttl_days == 7
