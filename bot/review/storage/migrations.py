"""A small versioned migration runner for the review database.

Each migration has a version number; `migrate` applies, in order, those newer
than the version recorded in review_schema_version, each in its own
transaction. Running it again is a no-op, so every process (action server,
web server, CLI) simply runs it when it opens the store.

Add a migration by appending a function to MIGRATIONS; never edit one that has
shipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Callable, Optional, Tuple

from sqlalchemy import Text, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from bot.review.storage import schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One schema change."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_inbox_tables(connection: Connection) -> None:
    for table in (schema.questions, schema.audit, schema.message_counts):
        table.create(connection, checkfirst=True)


def _create_staff_tables(connection: Connection) -> None:
    for table in (schema.staff_users, schema.sessions, schema.login_failures):
        table.create(connection, checkfirst=True)


BACKFILL_BATCH = 500


def _add_search_reading(connection: Connection) -> None:
    """Adds review_questions.search_reading and fills it for the questions already stored."""
    from bot.review.storage.queries import search_reading  # Sudachi: load when needed

    table = schema.questions
    columns = {column["name"] for column in inspect(connection).get_columns(table.name)}
    if "search_reading" not in columns:
        column_type = Text().compile(dialect=connection.dialect)
        connection.execute(
            text(
                f"ALTER TABLE {table.name} ADD COLUMN search_reading {column_type} "
                "NOT NULL DEFAULT ''"
            )
        )
    last_id = 0
    while True:
        rows = connection.execute(
            select(table.c.id, table.c.text)
            .where(table.c.id > last_id)
            .order_by(table.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            connection.execute(
                table.update()
                .where(table.c.id == row.id)
                .values(search_reading=search_reading(row.text))
            )
        last_id = rows[-1].id


def _create_feedback_table(connection: Connection) -> None:
    schema.feedback_counts.create(connection, checkfirst=True)


def _create_teaching_tables(connection: Connection) -> None:
    for table in (schema.answer_edits, schema.taught_examples, schema.change_log):
        table.create(connection, checkfirst=True)


def _create_publish_tables(connection: Connection) -> None:
    from bot.review.publish.tables import PUBLISH_TABLES

    for table in PUBLISH_TABLES:
        table.create(connection, checkfirst=True)


MIGRATIONS: Tuple[Migration, ...] = (
    Migration(1, "captured questions, audit log, message counts", _create_inbox_tables),
    Migration(2, "staff users, sessions, login failures", _create_staff_tables),
    Migration(3, "question readings in hiragana, for the search", _add_search_reading),
    Migration(4, "residents' feedback on answers", _create_feedback_table),
    Migration(5, "staff answer edits, taught examples, change log", _create_teaching_tables),
    Migration(6, "training runs, model releases, instances' model pulls", _create_publish_tables),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(engine: Engine) -> int:
    """The schema version of the database (0 for an empty one)."""
    if not inspect(engine).has_table(schema.schema_version.name):
        return 0
    with engine.connect() as connection:
        version: Optional[int] = connection.execute(
            select(func.max(schema.schema_version.c.version))
        ).scalar()
    return version or 0


def _lock(connection: Connection) -> None:
    """Serialises concurrent migrations on PostgreSQL (SQLite locks the file)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(727001)"))


def migrate(engine: Engine, *, target: int = LATEST_VERSION) -> int:
    """Brings the database up to `target`, applying missing migrations in order.

    Args:
        engine: the review database.
        target: the version to reach (tests use a lower one to build an old
            database).

    Returns:
        The version the database is at afterwards.
    """
    schema.schema_version.create(engine, checkfirst=True)
    for migration in MIGRATIONS:
        if migration.version > target:
            break
        try:
            _apply(engine, migration)
        except (IntegrityError, OperationalError, ProgrammingError):
            # Another process applied it at the same moment: check, don't fail.
            if current_version(engine) < migration.version:
                raise
    return current_version(engine)


def _apply(engine: Engine, migration: Migration) -> None:
    with engine.begin() as connection:
        _lock(connection)
        applied = connection.execute(
            select(schema.schema_version.c.version).where(
                schema.schema_version.c.version == migration.version
            )
        ).first()
        if applied:
            return
        migration.apply(connection)
        connection.execute(
            schema.schema_version.insert().values(
                version=migration.version,
                description=migration.description,
                applied_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
        logger.info("Review database migrated to version %d.", migration.version)
