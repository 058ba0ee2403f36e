"""SQLAlchemy URLs built from environment variables, one prefix per database.

Every SQL database the bot uses is configured the same way, so the review
store (REVIEW_DB_*) and Rasa's tracker store (TRACKER_DB_*) read alike:

<PREFIX>_DIALECT   sqlite (default) or postgresql
<PREFIX>_NAME      sqlite: the file (relative paths are relative to the
                   project root); postgresql: the database name
<PREFIX>_HOST      postgresql host (default localhost)
<PREFIX>_PORT      postgresql port (default 5432)
<PREFIX>_USER      postgresql user
<PREFIX>_PASSWORD  postgresql password (never logged)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Mapping, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DIALECTS = (SQLITE, POSTGRESQL)
DEFAULT_POSTGRES_PORT = 5432


class SqlSettingsError(ValueError):
    """The environment describes a database that cannot be used."""


def _value(env: Mapping[str, str], prefix: str, name: str) -> Optional[str]:
    value = env.get(f"{prefix}_{name}", "").strip()
    return value or None


def sql_url_from_env(
    prefix: str,
    *,
    default_sqlite: Path,
    env: Mapping[str, str] = os.environ,
    root: Path = PROJECT_ROOT,
) -> URL:
    """Builds the SQLAlchemy URL of the database configured under `prefix`.

    Args:
        prefix: "REVIEW_DB" or "TRACKER_DB" (the variables' common prefix).
        default_sqlite: the SQLite file used when <PREFIX>_NAME is unset;
            relative to `root` unless absolute.
        env: the environment to read (os.environ by default).
        root: the folder relative SQLite paths start from (the project root).

    Returns:
        A URL for `sqlalchemy.create_engine` (its password is hidden by str()).

    Raises:
        SqlSettingsError: unknown dialect, or a port that is not a number.
    """
    dialect = (_value(env, prefix, "DIALECT") or SQLITE).lower()
    if dialect in ("postgres", "postgresql+psycopg2"):
        dialect = POSTGRESQL
    if dialect not in DIALECTS:
        raise SqlSettingsError(
            f"{prefix}_DIALECT={dialect!r} is not supported: use 'sqlite' or 'postgresql'."
        )
    name = _value(env, prefix, "NAME")
    if dialect == SQLITE:
        path = Path(name) if name else default_sqlite
        if not path.is_absolute():
            path = root / path
        return URL.create("sqlite", database=str(path))
    port_text = _value(env, prefix, "PORT")
    try:
        port = int(port_text) if port_text else DEFAULT_POSTGRES_PORT
    except ValueError as error:
        raise SqlSettingsError(f"{prefix}_PORT={port_text!r} must be a number.") from error
    return URL.create(
        "postgresql+psycopg2",
        username=_value(env, prefix, "USER"),
        password=_value(env, prefix, "PASSWORD"),
        host=_value(env, prefix, "HOST") or "localhost",
        port=port,
        database=name or default_sqlite.stem,
    )


def sqlite_path(url: URL) -> Optional[Path]:
    """The file of a SQLite URL (None for other dialects or in-memory databases)."""
    if url.get_backend_name() != SQLITE or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def create_sql_engine(url: URL, *, connect_timeout: int = 5) -> Engine:
    """An engine for `url` that several processes can share safely.

    SQLite: the folder is created, the file is put in WAL mode (readers never
    block the writer) and waits up to 15 s for a lock instead of failing.
    PostgreSQL: connections are checked before use and time out after
    `connect_timeout` seconds. SQL parameters are never put in error messages
    (they may hold residents' text).

    Args:
        url: from `sql_url_from_env`.
        connect_timeout: seconds to wait for a PostgreSQL server.

    Returns:
        A SQLAlchemy 1.4 engine in 2.0 ("future") mode.
    """
    path = sqlite_path(url)
    if url.get_backend_name() == SQLITE:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            future=True,
            hide_parameters=True,
            connect_args={"timeout": 15, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        future=True,
        hide_parameters=True,
        pool_pre_ping=True,
        connect_args={"connect_timeout": connect_timeout},
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()
