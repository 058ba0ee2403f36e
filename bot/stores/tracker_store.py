"""Rasa's SQL tracker store, configured from TRACKER_DB_* environment variables.

endpoints.yml names this class (`type: bot.stores.tracker_store.EnvTrackerStore`)
instead of writing `${VAR}` placeholders, which Rasa refuses when a variable is
unset. With nothing set the store is SQLite at var/tracker.db (the embedded
default); with TRACKER_DB_DIALECT=postgresql it is PostgreSQL (see
`bot.stores.sql_env` for the variables).

Beyond Rasa's own SQLTrackerStore this class:
- creates the PostgreSQL database when it is missing (Rasa only does that when
  `login_db` is configured, and then with an unquoted CREATE DATABASE);
- keeps SQL parameters (events with residents' words) out of error messages
  and so out of the logs (`hide_parameters`);
- checks pooled connections before use (`pool_pre_ping`), so that after a
  PostgreSQL restart the first requests do not fail on dead connections;
- retries a read or write that failed because the connection dropped, a few
  times over about two seconds, before Rasa's fail-safe wrapper gives up.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Mapping, Optional, Text, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import URL

from bot.stores.sql_env import POSTGRESQL, sql_url_from_env, sqlite_path

logger = logging.getLogger(__name__)

PREFIX = "TRACKER_DB"
DEFAULT_SQLITE = Path("var/tracker.db")
# The database PostgreSQL always has, used to create ours when it is missing.
MAINTENANCE_DB = "postgres"
RETRY_DELAYS_S = (0.5, 1.5)

T = TypeVar("T")


def tracker_db_url(env: Mapping[str, str] = os.environ) -> URL:
    """The tracker store's database as configured by TRACKER_DB_* variables.

    Args:
        env: the environment to read.

    Returns:
        The SQLAlchemy URL (SQLite at var/tracker.db when nothing is set).
    """
    return sql_url_from_env(PREFIX, default_sqlite=DEFAULT_SQLITE, env=env)


def ensure_postgres_database(url: URL) -> bool:
    """Creates the database of `url` on its PostgreSQL server if it is missing.

    Args:
        url: a PostgreSQL URL; its user needs the CREATEDB right to create it.

    Returns:
        True when the database was created, False when it existed already or
        could not be checked (the reason is logged; Rasa then keeps retrying
        to connect and logs why).
    """
    name = url.database
    if not name:
        return False
    engine = sa.create_engine(url.set(database=MAINTENANCE_DB), poolclass=sa.pool.NullPool)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_catalog.pg_database WHERE datname = :name"),
                {"name": name},
            ).first()
            if exists:
                return False
            quoted = conn.dialect.identifier_preparer.quote(name)
            conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
    except sqlalchemy.exc.ProgrammingError as error:
        logger.error(
            "Tracker store: database %r is missing and could not be created (%s); "
            "create it with `createdb %s` or give the user the CREATEDB right.",
            name,
            type(error.orig).__name__,
            name,
        )
        return False
    except sqlalchemy.exc.OperationalError as error:
        logger.warning(
            "Tracker store: PostgreSQL at %s:%s is unreachable (%s); Rasa keeps retrying.",
            url.host,
            url.port,
            str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__,
        )
        return False
    finally:
        engine.dispose()
    logger.info("Tracker store: created the PostgreSQL database %r", name)
    return True


class EnvTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore on the database the environment names."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        env: Mapping[str, str] = os.environ,
        **kwargs: Any,
    ) -> None:
        """Connects to the database (waiting, as Rasa does, until it answers).

        Args:
            domain: the assistant's domain.
            host: endpoints.yml's `url`; ignored (the environment decides).
            event_broker: where new events are also published, if anywhere.
            env: the environment to read (os.environ by default).
            **kwargs: further endpoints.yml keys; ignored.
        """
        if host or kwargs:
            logger.warning(
                "Tracker store: endpoints.yml settings %s are ignored; set TRACKER_DB_* instead",
                sorted({*kwargs, *(["url"] if host else [])}),
            )
        url = tracker_db_url(env)
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif url.get_backend_name() == POSTGRESQL:
            ensure_postgres_database(url)
        self.db_url = url
        super().__init__(
            domain=domain, host=url.render_as_string(hide_password=False), event_broker=event_broker
        )
        self.engine.dispose()
        # hide_parameters: a failed write must not log the event JSON, which
        # holds the resident's words.
        self.engine = sa.create_engine(
            url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(url)
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        logger.info("Tracker store: %s database %s", url.get_backend_name(), _describe(url))

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Rasa's retrieve, retried when the database connection dropped."""
        return await _retrying(lambda: super(EnvTrackerStore, self).retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        """Rasa's retrieve_full_tracker, retried when the database connection dropped."""
        parent = super()
        return await _retrying(lambda: parent.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, the database part retried when the connection dropped.

        New events go to the event broker once; only the write is retried.
        """
        await self.stream_events(tracker)
        await _retrying(lambda: self._write(tracker))

    async def _write(self, tracker: DialogueStateTracker) -> None:
        # Rasa's save streams, then writes. The flag makes its stream a no-op;
        # nothing between setting and clearing it suspends, so no other save
        # can observe it.
        self._streamed = True
        try:
            await super().save(tracker)
        finally:
            self._streamed = False

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publishes new events to the event broker (skipped inside `_write`)."""
        if not getattr(self, "_streamed", False):
            await super().stream_events(tracker)


def _describe(url: URL) -> str:
    if url.get_backend_name() == POSTGRESQL:
        return f"{url.database!r} on {url.host}:{url.port}"
    return str(url.database)


async def _retrying(call: Callable[[], Awaitable[T]]) -> T:
    """Runs `call`, again after short pauses while the database is unreachable."""
    for delay in RETRY_DELAYS_S:
        try:
            return await call()
        except sqlalchemy.exc.OperationalError as error:
            logger.warning(
                "Tracker store: database unreachable (%s); retrying in %.1f s",
                type(error.orig).__name__ if error.orig else type(error).__name__,
                delay,
            )
            await asyncio.sleep(delay)
    return await call()
