"""Row conversion and filter clauses shared by the review store's modules."""

from __future__ import annotations

import json
import logging
from typing import Any, List, Mapping, Tuple

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement

from bot.nlp.normalize import normalize_text
from bot.nlp.readings import hiragana_reading
from bot.review.clock import day_end_utc, day_start_utc, from_db
from bot.review.models import AuditEntry, Candidate, Question, QuestionFilter
from bot.review.storage import schema

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 5


def search_key(text: str) -> str:
    """The form texts are searched in: normalised (NFKC, lower-case, no accents), case-folded."""
    return normalize_text(text).casefold()


def search_reading(text: str) -> str:
    """The reading texts are also searched by, in hiragana, as clustering reads them.

    Args:
        text: a (redacted) question or a search word.

    Returns:
        The hiragana reading of the normalised text, "" when it has no Japanese.
    """
    return hiragana_reading(normalize_text(text)).casefold()


def matches_search(search: str, text: str) -> bool:
    """Whether a question's `text` matches `search` as the SQL filter decides (for fakes).

    Args:
        search: what staff typed.
        text: the question.

    Returns:
        True when the normalised text or its reading contains the search's.
    """
    reading = search_reading(search)
    return search_key(search) in search_key(text) or bool(
        reading and reading in search_reading(text)
    )


def candidates_json(candidates: Tuple[Candidate, ...]) -> str:
    """The bot's guesses as stored (best first, at most five)."""
    ranked = sorted(candidates, key=lambda candidate: -candidate.confidence)[:MAX_CANDIDATES]
    return json.dumps(
        [{"intent": c.intent, "confidence": round(float(c.confidence), 4)} for c in ranked],
        ensure_ascii=False,
    )


def candidates_from_json(value: str) -> Tuple[Candidate, ...]:
    """The stored guesses back as Candidates (an unreadable value gives none)."""
    try:
        items = json.loads(value or "[]")
        return tuple(Candidate(str(i["intent"]), float(i["confidence"])) for i in items)
    except (ValueError, KeyError, TypeError):
        logger.warning("Unreadable candidates in the review database; shown as none.")
        return ()


def question_from_row(row: Mapping[str, Any]) -> Question:
    """A review_questions row as a Question."""
    created_at = from_db(row["created_at"])
    assert created_at is not None
    return Question(
        id=int(row["id"]),
        created_at=created_at,
        channel=row["channel"],
        language=row["language"],
        text=row["text"],
        reason=row["reason"],
        candidates=candidates_from_json(row["candidates"]),
        conversation_hash=row["conversation_hash"],
        status=row["status"],
        topic=row["topic"],
        draft_answer=row["draft_answer"],
        reviewed_by=row["reviewed_by"],
        reviewed_at=from_db(row["reviewed_at"]),
        exported_at=from_db(row["exported_at"]),
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_clauses(flt: QuestionFilter) -> List[ColumnElement]:
    """WHERE clauses for an inbox filter."""
    table = schema.questions
    clauses: List[ColumnElement] = []
    if flt.status:
        clauses.append(table.c.status == flt.status)
    if flt.language:
        clauses.append(table.c.language == flt.language)
    if flt.channel:
        clauses.append(table.c.channel == flt.channel)
    if flt.date_from:
        clauses.append(table.c.created_at >= day_start_utc(flt.date_from))
    if flt.date_to:
        clauses.append(table.c.created_at < day_end_utc(flt.date_to))
    if flt.search and flt.search.strip():
        pattern = f"%{_escape_like(search_key(flt.search))}%"
        found = table.c.search_text.like(pattern, escape="\\")
        reading = search_reading(flt.search)
        if reading:
            by_reading = table.c.search_reading.like(f"%{_escape_like(reading)}%", escape="\\")
            found = or_(found, by_reading)
        clauses.append(found)
    return clauses


def audit_entries(engine: Engine, question_id: int) -> List[AuditEntry]:
    """Staff actions on one question, oldest first."""
    table = schema.audit
    with engine.connect() as connection:
        rows = connection.execute(
            select(table).where(table.c.question_id == question_id).order_by(table.c.at, table.c.id)
        ).mappings()
        return [
            AuditEntry(
                at=from_db(row["at"]),
                staff=row["staff"],
                action=row["action"],
                detail=row["detail"] or "",
            )
            for row in rows
        ]
