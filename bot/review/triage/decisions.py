"""Staff review actions on captured questions, and the export bookkeeping.

Every action records who did it and when, on the question and in the audit
table (one row per question), so a cluster action is auditable per question.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from bot.review.clock import to_db
from bot.review.models import STATUS_ASSIGNED, Question
from bot.review.storage import schema
from bot.review.storage.queries import question_from_row

logger = logging.getLogger(__name__)


def apply_review(
    engine: Engine,
    ids: Sequence[int],
    *,
    staff: str,
    action: str,
    detail: str,
    values: Dict[str, Any],
    now: datetime,
) -> int:
    """Sets `values` on the questions `ids` and writes one audit row each.

    Args:
        engine: the review database.
        ids: question ids (unknown ids are ignored).
        staff: who acts.
        action: the audit action name (assigned, new_faq, ignored, reopened).
        detail: the topic or draft answer, for the audit log.
        values: the columns to set.
        now: when.

    Returns:
        How many questions changed.
    """
    table = schema.questions
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return 0
    stamp = to_db(now)
    with engine.begin() as connection:
        found = [
            int(row.id)
            for row in connection.execute(select(table.c.id).where(table.c.id.in_(wanted)))
        ]
        if not found:
            return 0
        connection.execute(
            table.update()
            .where(table.c.id.in_(found))
            .values(**values, reviewed_by=staff, reviewed_at=stamp)
        )
        connection.execute(
            schema.audit.insert(),
            [
                {"question_id": i, "at": stamp, "staff": staff, "action": action, "detail": detail}
                for i in found
            ],
        )
    logger.info("Staff review: %d question(s) %s.", len(found), action)
    return len(found)


def questions_to_export(engine: Engine) -> List[Question]:
    """Questions assigned to a topic and not yet exported, oldest first."""
    table = schema.questions
    with engine.connect() as connection:
        rows = connection.execute(
            select(table)
            .where(and_(table.c.status == STATUS_ASSIGNED, table.c.exported_at.is_(None)))
            .order_by(table.c.created_at, table.c.id)
        ).mappings()
        return [question_from_row(row) for row in rows]


def exported_questions(engine: Engine, since: Optional[datetime]) -> List[Question]:
    """Assigned questions already exported (after `since`, if given)."""
    table = schema.questions
    clauses = [table.c.status == STATUS_ASSIGNED, table.c.exported_at.is_not(None)]
    if since is not None:
        clauses.append(table.c.exported_at > to_db(since))
    with engine.connect() as connection:
        rows = connection.execute(select(table).where(*clauses).order_by(table.c.id)).mappings()
        return [question_from_row(row) for row in rows]


def assigned_questions(engine: Engine, since: Optional[datetime]) -> List[Question]:
    """Questions assigned to a topic, exported or not (reviewed after `since`, if
    given), oldest review first."""
    table = schema.questions
    clauses = [table.c.status == STATUS_ASSIGNED]
    if since is not None:
        clauses.append(table.c.reviewed_at > to_db(since))
    with engine.connect() as connection:
        rows = connection.execute(
            select(table).where(*clauses).order_by(table.c.reviewed_at, table.c.id)
        ).mappings()
        return [question_from_row(row) for row in rows]


def mark_exported(engine: Engine, ids: Sequence[int], now: datetime) -> None:
    """Records that these questions are in the training data now."""
    if not ids:
        return
    table = schema.questions
    with engine.begin() as connection:
        connection.execute(
            table.update()
            .where(table.c.id.in_([int(i) for i in ids]))
            .values(exported_at=to_db(now))
        )
