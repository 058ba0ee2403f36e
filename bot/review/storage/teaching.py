"""Staff teaching records: answer edits, taught examples and the change log.

Every edit, added and removed example writes its change-log row in the same
transaction, so the log never misses a change nor records one that failed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any, List, Mapping, Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection, Engine

from bot.review.clock import from_db, to_db
from bot.review.models import AnswerEdit, ChangeLogEntry, TaughtExample
from bot.review.storage import schema

logger = logging.getLogger(__name__)

SUMMARY_CHARS = 60
ACTION_ANSWER_EDITED = "answer_edited"
ACTION_ANSWER_REVERTED = "answer_reverted"
ACTION_EXAMPLE_ADDED = "example_added"
ACTION_EXAMPLE_REMOVED = "example_removed"


def summary(text: Optional[str]) -> str:
    """A text shortened for the change log (one line, at most 60 characters)."""
    line = " ".join((text or "").split())
    return line if len(line) <= SUMMARY_CHARS else line[: SUMMARY_CHARS - 1] + "…"


def _insert_change(
    connection: Connection, *, at: datetime, staff: str, action: str, subject: str, detail: str
) -> None:
    connection.execute(
        schema.change_log.insert().values(
            at=to_db(at), staff=staff, action=action, subject=subject[:200], detail=detail
        )
    )


def log_change(
    engine: Engine, *, staff: str, action: str, subject: str, detail: str, now: datetime
) -> None:
    """Records one staff change (any action code, e.g. a training or publishing)."""
    with engine.begin() as connection:
        _insert_change(
            connection, at=now, staff=staff, action=action, subject=subject, detail=detail
        )


def change_log(engine: Engine, *, limit: int, since: Optional[datetime]) -> List[ChangeLogEntry]:
    """The newest changes first (after `since`, if given), at most `limit`."""
    table = schema.change_log
    query = select(table).order_by(table.c.at.desc(), table.c.id.desc()).limit(max(0, limit))
    if since is not None:
        query = query.where(table.c.at > to_db(since))
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        ChangeLogEntry(
            id=int(row["id"]),
            at=_aware(row["at"]),
            staff=row["staff"],
            action=row["action"],
            subject=row["subject"] or "",
            detail=row["detail"] or "",
        )
        for row in rows
    ]


def _aware(value: datetime) -> datetime:
    moment = from_db(value)
    assert moment is not None
    return moment


def _edit(row: Mapping[str, Any]) -> AnswerEdit:
    return AnswerEdit(
        id=int(row["id"]),
        response=row["response"],
        language=row["language"],
        text=row["text"] or None,
        edited_by=row["edited_by"],
        edited_at=_aware(row["edited_at"]),
    )


def save_answer_edit(
    engine: Engine,
    *,
    response: str,
    language: str,
    text: Optional[str],
    previous: str,
    staff: str,
    now: datetime,
) -> AnswerEdit:
    """Stores a new current text (None or "": back to the original) and logs it."""
    table = schema.answer_edits
    value = text or None
    action = ACTION_ANSWER_EDITED if value else ACTION_ANSWER_REVERTED
    with engine.begin() as connection:
        result = connection.execute(
            table.insert().values(
                response=response,
                language=language,
                text=value,
                edited_by=staff,
                edited_at=to_db(now),
            )
        )
        edit_id = int(result.inserted_primary_key[0])
        _insert_change(
            connection,
            at=now,
            staff=staff,
            action=action,
            subject=f"{response}:{language}",
            detail=f"{summary(previous)} → {summary(value)}",
        )
    logger.info("Staff %s an answer text.", action)
    return AnswerEdit(edit_id, response, language, value, staff, _aware(to_db(now)))


def answer_edits(engine: Engine, *, since: Optional[datetime]) -> List[AnswerEdit]:
    """Every edit row, newest first (after `since`, if given)."""
    table = schema.answer_edits
    query = select(table).order_by(table.c.edited_at.desc(), table.c.id.desc())
    if since is not None:
        query = query.where(table.c.edited_at > to_db(since))
    with engine.connect() as connection:
        return [_edit(row) for row in connection.execute(query).mappings()]


def current_answer_edits(engine: Engine) -> List[AnswerEdit]:
    """The current staff text of each (response, language) that has one, by response."""
    table = schema.answer_edits
    newest = (
        select(func.max(table.c.id).label("id"))
        .group_by(table.c.response, table.c.language)
        .subquery()
    )
    query = (
        select(table)
        .where(table.c.id.in_(select(newest.c.id)))
        .order_by(table.c.response, table.c.language)
    )
    with engine.connect() as connection:
        edits = [_edit(row) for row in connection.execute(query).mappings()]
    return [edit for edit in edits if edit.text]


def _example(row: Mapping[str, Any]) -> TaughtExample:
    return TaughtExample(
        id=int(row["id"]),
        topic=row["topic"],
        language=row["language"],
        text=row["text"],
        added_by=row["added_by"],
        added_at=_aware(row["added_at"]),
        removed_at=from_db(row["removed_at"]),
        removed_by=row["removed_by"],
    )


def add_taught_example(
    engine: Engine, *, topic: str, language: str, text: str, staff: str, now: datetime
) -> TaughtExample:
    """Stores an example question of `topic` and logs it."""
    with engine.begin() as connection:
        result = connection.execute(
            schema.taught_examples.insert().values(
                topic=topic, language=language, text=text, added_by=staff, added_at=to_db(now)
            )
        )
        example_id = int(result.inserted_primary_key[0])
        _insert_change(
            connection,
            at=now,
            staff=staff,
            action=ACTION_EXAMPLE_ADDED,
            subject=f"{topic}:{language}",
            detail=summary(text),
        )
    return TaughtExample(example_id, topic, language, text, staff, _aware(to_db(now)))


def remove_taught_example(
    engine: Engine, example_id: int, *, staff: str, now: datetime
) -> Optional[TaughtExample]:
    """Marks an example removed and logs it; None when unknown or already removed."""
    table = schema.taught_examples
    with engine.begin() as connection:
        row = (
            connection.execute(
                select(table).where(and_(table.c.id == example_id, table.c.removed_at.is_(None)))
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        connection.execute(
            table.update()
            .where(table.c.id == example_id)
            .values(removed_at=to_db(now), removed_by=staff)
        )
        _insert_change(
            connection,
            at=now,
            staff=staff,
            action=ACTION_EXAMPLE_REMOVED,
            subject=f"{row['topic']}:{row['language']}",
            detail=summary(row["text"]),
        )
    return replace(_example(row), removed_at=_aware(to_db(now)), removed_by=staff)


def taught_examples(
    engine: Engine,
    *,
    topic: Optional[str],
    include_removed: bool,
    since: Optional[datetime],
) -> List[TaughtExample]:
    """Taught examples, oldest first: of `topic` (or all), removed ones if asked,
    added or removed after `since` if given."""
    table = schema.taught_examples
    clauses = []
    if topic is not None:
        clauses.append(table.c.topic == topic)
    if not include_removed:
        clauses.append(table.c.removed_at.is_(None))
    if since is not None:
        moment = to_db(since)
        clauses.append(or_(table.c.added_at > moment, table.c.removed_at > moment))
    query = select(table).where(*clauses).order_by(table.c.added_at, table.c.id)
    with engine.connect() as connection:
        return [_example(row) for row in connection.execute(query).mappings()]
