"""Deleting what is older than the retention period.

Removes captured questions, their audit rows, message counters, expired staff
sessions and old login failures from the review database, and the raw
conversation events of Rasa's SQL tracker store (table ``events``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import Float, column, delete, func, inspect, or_, select, table
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from bot.review.clock import to_db, tokyo_day, utc_now
from bot.review.settings import ReviewSettings
from bot.review.storage import schema
from bot.review.storage.store import ReviewStore
from bot.stores.sql_env import create_sql_engine, sqlite_path

logger = logging.getLogger(__name__)

TRACKER_EVENTS = "events"


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed (or would remove, in a dry run)."""

    cutoff: datetime
    questions: int
    audit_rows: int
    message_counts: int
    sessions: int
    login_failures: int
    tracker_events: int
    tracker_note: str = ""
    dry_run: bool = False


def _count_or_delete(connection, tbl, clause, dry_run: bool) -> int:  # noqa: ANN001
    if dry_run:
        return int(
            connection.execute(select(func.count()).select_from(tbl).where(clause)).scalar_one()
        )
    return int(connection.execute(delete(tbl).where(clause)).rowcount or 0)


def purge_tracker(url: Optional[URL], cutoff: datetime, *, dry_run: bool) -> tuple:
    """Deletes tracker-store events older than `cutoff`.

    Returns:
        (events removed, a note when the tracker store was skipped).
    """
    if url is None:
        return 0, "no tracker store configured"
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite" and (path is None or not path.is_file()):
        return 0, "no tracker database file yet"
    engine = create_sql_engine(url)
    try:
        if not inspect(engine).has_table(TRACKER_EVENTS):
            return 0, "the tracker database has no events table"
        events = table(TRACKER_EVENTS, column("timestamp", Float))
        with engine.begin() as connection:
            removed = _count_or_delete(
                connection, events, events.c.timestamp < cutoff.timestamp(), dry_run
            )
        return removed, ""
    except SQLAlchemyError as error:
        logger.error("Could not purge the tracker store (%s).", type(error).__name__)
        return 0, f"tracker store unavailable ({type(error).__name__})"
    finally:
        engine.dispose()


def purge(
    store: ReviewStore,
    settings: ReviewSettings,
    *,
    days: Optional[int] = None,
    dry_run: bool = False,
    now: Optional[datetime] = None,
) -> PurgeReport:
    """Removes everything older than `days` (default: the retention setting).

    Args:
        store: the review store.
        settings: gives the retention period and the tracker store.
        days: keep this many days instead of REVIEW_RETENTION_DAYS.
        dry_run: only count what would be removed.
        now: the current time (tests).

    Returns:
        The counts per kind of data.

    Raises:
        ValueError: `days` is less than 1.
    """
    keep = settings.retention_days if days is None else days
    if keep < 1:
        raise ValueError("Keep at least 1 day (--days 1 or more).")
    now = now or utc_now()
    cutoff = now - timedelta(days=keep)
    stored_cutoff = to_db(cutoff)
    questions = schema.questions
    with store.engine.begin() as connection:
        old_ids = select(questions.c.id).where(questions.c.created_at < stored_cutoff)
        audit_rows = _count_or_delete(
            connection,
            schema.audit,
            or_(schema.audit.c.question_id.in_(old_ids), schema.audit.c.at < stored_cutoff),
            dry_run,
        )
        removed_questions = _count_or_delete(
            connection, questions, questions.c.created_at < stored_cutoff, dry_run
        )
        counts = _count_or_delete(
            connection,
            schema.message_counts,
            schema.message_counts.c.day < tokyo_day(cutoff),
            dry_run,
        )
        counts += _count_or_delete(
            connection,
            schema.feedback_counts,
            schema.feedback_counts.c.day < tokyo_day(cutoff),
            dry_run,
        )
        sessions = _count_or_delete(
            connection, schema.sessions, schema.sessions.c.expires_at < to_db(now), dry_run
        )
        failures = _count_or_delete(
            connection,
            schema.login_failures,
            schema.login_failures.c.at < to_db(now - timedelta(days=1)),
            dry_run,
        )
    events, note = purge_tracker(settings.tracker_db_url, cutoff, dry_run=dry_run)
    report = PurgeReport(
        cutoff=cutoff,
        questions=removed_questions,
        audit_rows=audit_rows,
        message_counts=counts,
        sessions=sessions,
        login_failures=failures,
        tracker_events=events,
        tracker_note=note,
        dry_run=dry_run,
    )
    logger.info("Purge%s before %s: %s", " (dry run)" if dry_run else "", cutoff.date(), report)
    return report
