"""Rasa's RabbitMQ event broker, used only when RABBITMQ_HOST is set.

endpoints.yml names this class (`type: bot.stores.event_broker.EnvEventBroker`).
Rasa creates custom brokers with `await cls.from_endpoint_config(config)`;
that returns None when RABBITMQ_HOST is unset (no broker, the default), else
Rasa's PikaEventBroker connected to RABBITMQ_HOST:RABBITMQ_PORT as
RABBITMQ_USER, publishing every conversation event to RABBITMQ_QUEUE (for
analytics). Rasa retries the first connection 20 times, 5 s apart, before the
server gives up starting; later outages are retried by aio-pika, and events
are kept in memory until the broker is back.

Events carry residents' words, so each message expires in RabbitMQ after
RABBITMQ_MESSAGE_TTL_DAYS (default 7) if no consumer has taken it: the queue
is never a second, unbounded archive of conversations. What a consumer keeps
is the consumer's to delete (README, "Security").
"""

from __future__ import annotations

import logging
import os
from asyncio import AbstractEventLoop
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Dict, Mapping, Optional, Text

import aio_pika
import rasa.shared.core.events  # noqa: F401 - PikaEventBroker._publish uses it unimported
from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

from bot.env_numbers import number_from_env

logger = logging.getLogger(__name__)

DEFAULT_PORT = 5672
DEFAULT_QUEUE = "rasa_events"
DEFAULT_USER = "guest"  # RabbitMQ's own default, accepted from localhost only
DEFAULT_TTL_DAYS = 7


class BrokerSettingsError(ValueError):
    """The RABBITMQ_* variables cannot be used; the message says which one."""


@dataclass(frozen=True)
class RabbitSettings:
    """Where RabbitMQ is, from RABBITMQ_* variables.

    Attributes:
        host: the RabbitMQ host (or an amqp:// / amqps:// address).
        port: its port.
        user: the user name.
        password: the password (never logged).
        queue: the queue events are published to.
        ttl_days: days an unconsumed event stays in the queue.
    """

    host: str
    port: int = DEFAULT_PORT
    user: str = DEFAULT_USER
    password: str = DEFAULT_USER
    queue: str = DEFAULT_QUEUE
    ttl_days: int = DEFAULT_TTL_DAYS

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Optional[RabbitSettings]:
        """Reads RABBITMQ_*; None when RABBITMQ_HOST is unset (no broker).

        Args:
            env: the environment to read.

        Returns:
            The settings, or None.

        Raises:
            BrokerSettingsError: RABBITMQ_PORT is not a number.
        """
        host = env.get("RABBITMQ_HOST", "").strip()
        if not host:
            return None
        port_text = env.get("RABBITMQ_PORT", "").strip()
        try:
            port = int(port_text) if port_text else DEFAULT_PORT
        except ValueError as error:
            raise BrokerSettingsError(f"RABBITMQ_PORT={port_text!r} must be a number.") from error
        ttl_days = number_from_env(
            env,
            "RABBITMQ_MESSAGE_TTL_DAYS",
            DEFAULT_TTL_DAYS,
            kind=int,
            minimum=1,
            error=BrokerSettingsError,
            unit="days",
        )
        return cls(
            ttl_days=ttl_days,
            host=host,
            port=port,
            user=env.get("RABBITMQ_USER", "").strip() or DEFAULT_USER,
            password=env.get("RABBITMQ_PASSWORD") or DEFAULT_USER,
            queue=env.get("RABBITMQ_QUEUE", "").strip() or DEFAULT_QUEUE,
        )


class EnvEventBroker(PikaEventBroker):
    """Rasa's PikaEventBroker, configured from the environment, whose events expire."""

    message_ttl = timedelta(days=DEFAULT_TTL_DAYS)

    def _message(
        self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]]
    ) -> aio_pika.Message:
        message = super()._message(event, headers)
        message.expiration = self.message_ttl.total_seconds()
        return message

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: Optional[EndpointConfig],
        event_loop: Optional[AbstractEventLoop] = None,
        *,
        env: Mapping[str, str] = os.environ,
    ) -> Optional[EnvEventBroker]:
        """Connects to RabbitMQ when RABBITMQ_HOST is set.

        Args:
            broker_config: endpoints.yml's `event_broker` entry; only its type is used.
            event_loop: the event loop (Rasa passes none to custom brokers).
            env: the environment to read (os.environ by default).

        Returns:
            The connected broker, or None when no broker is configured.
        """
        settings = RabbitSettings.from_env(env)
        if settings is None:
            logger.debug("Event broker: none (set RABBITMQ_HOST to publish events)")
            return None
        broker = cls(
            settings.host,
            settings.user,
            settings.password,
            port=settings.port,
            queues=[settings.queue],
            event_loop=event_loop,
        )
        broker.message_ttl = timedelta(days=settings.ttl_days)
        await broker.connect()
        logger.info(
            "Event broker: RabbitMQ at %s:%d, queue %r",
            settings.host,
            settings.port,
            settings.queue,
        )
        return broker
