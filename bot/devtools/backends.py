"""The servers behind the scaled setup: PostgreSQL, Redis and RabbitMQ.

Builds the TRACKER_DB_*, REDIS_* and RABBITMQ_* variables the instances read
(bot/stores), checks the servers are reachable and creates the tracker database.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from pathlib import Path
from typing import Dict, List, Mapping, Optional

logger = logging.getLogger(__name__)

DEFAULT_DATABASE = "aisho_dx"
_DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def backend_env(
    *,
    database: Optional[str] = None,
    redis_port: Optional[int] = None,
    redis_prefix: Optional[str] = None,
    rabbitmq: bool = False,
    env: Mapping[str, str] = os.environ,
) -> Dict[str, str]:
    """TRACKER_DB_*, REDIS_* and RABBITMQ_* for the instances; the caller's values win.

    Args:
        database: the PostgreSQL database (None: TRACKER_DB_NAME or aisho_dx).
        redis_port: the Redis port (None: REDIS_PORT or 6379); tests pass a proxy's.
        redis_prefix: REDIS_KEY_PREFIX (None: the caller's, if any).
        rabbitmq: also configure the RabbitMQ event broker.
        env: the caller's environment.

    Returns:
        The variables to add to the instances' environment.
    """
    values = {
        "TRACKER_DB_DIALECT": "postgresql",
        "TRACKER_DB_HOST": env.get("TRACKER_DB_HOST") or "127.0.0.1",
        "TRACKER_DB_PORT": env.get("TRACKER_DB_PORT") or "5432",
        "TRACKER_DB_NAME": database or env.get("TRACKER_DB_NAME") or DEFAULT_DATABASE,
        "TRACKER_DB_USER": env.get("TRACKER_DB_USER") or "postgres",
        "REDIS_HOST": env.get("REDIS_HOST") or "127.0.0.1",
        "REDIS_PORT": str(redis_port or env.get("REDIS_PORT") or 6379),
    }
    if redis_prefix:
        values["REDIS_KEY_PREFIX"] = redis_prefix
    if rabbitmq:
        values |= {
            "RABBITMQ_HOST": env.get("RABBITMQ_HOST") or "127.0.0.1",
            "RABBITMQ_PORT": env.get("RABBITMQ_PORT") or "5672",
            "RABBITMQ_USER": env.get("RABBITMQ_USER") or "guest",
            "RABBITMQ_PASSWORD": env.get("RABBITMQ_PASSWORD") or "guest",
        }
    return values


def unreachable_backends(env: Mapping[str, str], *, rabbitmq: bool = False) -> List[str]:
    """The servers of `backend_env()` that do not accept a TCP connection (empty: all fine)."""
    targets = [
        ("PostgreSQL", env["TRACKER_DB_HOST"], int(env["TRACKER_DB_PORT"])),
        ("Redis", env["REDIS_HOST"], int(env["REDIS_PORT"])),
    ]
    if rabbitmq:
        targets.append(("RabbitMQ", env["RABBITMQ_HOST"], int(env["RABBITMQ_PORT"])))
    missing = []
    for name, host, port in targets:
        try:
            socket.create_connection((host, port), timeout=2).close()
        except OSError:
            missing.append(f"{name} at {host}:{port}")
    return missing


def ensure_database(env: Mapping[str, str]) -> None:
    """Creates the tracker database and Rasa's `events` table when missing.

    The table is created here, once, because two Rasa instances starting at the
    same moment may both try to create it and one fails (Rasa catches only some
    of the errors of that race).

    Args:
        env: TRACKER_DB_* (from `backend_env`).
    """
    import sqlalchemy
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.stores.sql_env import sql_url_from_env

    url = sql_url_from_env("TRACKER_DB", default_sqlite=Path("var/tracker.db"), env=env)
    if not _DATABASE_NAME.match(url.database or ""):
        raise ValueError(f"TRACKER_DB_NAME={url.database!r}: use lower-case letters, digits, _.")
    admin = sqlalchemy.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :name"),
            {"name": url.database},
        ).scalar()
        if not exists:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{url.database}"'))
            logger.info("Created the PostgreSQL database %s.", url.database)
    admin.dispose()
    engine = sqlalchemy.create_engine(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    engine.dispose()


def recreate_database(env: Mapping[str, str]) -> None:
    """Drops the tracker database (closing its connections) and creates it again, empty.

    Args:
        env: TRACKER_DB_* (from `backend_env`).
    """
    import sqlalchemy

    from bot.stores.sql_env import sql_url_from_env

    url = sql_url_from_env("TRACKER_DB", default_sqlite=Path("var/tracker.db"), env=env)
    if not _DATABASE_NAME.match(url.database or ""):
        raise ValueError(f"TRACKER_DB_NAME={url.database!r}: use lower-case letters, digits, _.")
    admin = sqlalchemy.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            sqlalchemy.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        )
    admin.dispose()
    ensure_database(env)
