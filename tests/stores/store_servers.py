"""Skip markers for the real PostgreSQL, Redis and RabbitMQ on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest

ENV_PREFIXES = ("TRACKER_DB_", "REDIS_", "RABBITMQ_")


def reachable(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def closed_port() -> int:
    """A local port nothing listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def clear_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removes every TRACKER_DB_*, REDIS_* and RABBITMQ_* variable (today's defaults)."""
    import os

    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)


needs_postgres = pytest.mark.skipif(
    not reachable(5432),
    reason="PostgreSQL is not running on 127.0.0.1:5432 (user postgres, trust auth)",
)
needs_redis = pytest.mark.skipif(
    not reachable(6379), reason="Redis is not running on 127.0.0.1:6379"
)
needs_rabbitmq = pytest.mark.skipif(
    not reachable(5672), reason="RabbitMQ is not running on 127.0.0.1:5672 (guest/guest)"
)
