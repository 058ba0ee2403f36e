"""Writing captured questions and message counters to the review database."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import datetime
from typing import Any, Dict

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from bot.language.codes import answer_language_or_default
from bot.review.capture.redact import redact
from bot.review.clock import to_db, tokyo_day
from bot.review.models import REASONS, STATUS_NEW, NewQuestion
from bot.review.storage import schema
from bot.review.storage.queries import candidates_json, search_key, search_reading

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 2000
UNKNOWN_CHANNEL = "unknown"
NOT_HELPFUL = "not_helpful"


def conversation_hash(key: bytes, sender_id: str) -> str:
    """The keyed hash (HMAC-SHA256, hex) that stands for a conversation id."""
    return hmac.new(key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


def insert_question(engine: Engine, question: NewQuestion, *, key: bytes, now: datetime) -> int:
    """Stores a routed question, redacted, and returns its id.

    A "not helpful" question that the same conversation already sent updates
    that row's reason instead of adding a second row.

    Args:
        engine: the review database.
        question: the raw question from the action server.
        key: the conversation-hash key.
        now: the capture time when the question has none.

    Returns:
        The id of the stored (or updated) question.
    """
    text = redact(question.text.strip())[:MAX_TEXT_LENGTH]
    reason = question.reason if question.reason in REASONS else REASONS[0]
    digest = conversation_hash(key, question.sender_id)
    table = schema.questions
    with engine.begin() as connection:
        if reason == NOT_HELPFUL:
            existing = connection.execute(
                select(table.c.id)
                .where(table.c.conversation_hash == digest, table.c.text == text)
                .order_by(table.c.id.desc())
            ).first()
            if existing:
                connection.execute(
                    table.update().where(table.c.id == existing.id).values(reason=reason)
                )
                return int(existing.id)
        result = connection.execute(
            table.insert().values(
                created_at=to_db(question.created_at or now),
                channel=(question.channel or UNKNOWN_CHANNEL)[:64],
                language=answer_language_or_default(question.language),
                text=text,
                search_text=search_key(text),
                search_reading=search_reading(text),
                reason=reason,
                candidates=candidates_json(question.candidates),
                conversation_hash=digest,
                status=STATUS_NEW,
            )
        )
        return int(result.inserted_primary_key[0])


def add_message_count(
    engine: Engine,
    *,
    channel: str,
    language: str,
    intent: str,
    routed: bool,
    at: datetime,
    count: int = 1,
) -> None:
    """Adds `count` to the counter of (Tokyo day, channel, language, intent, routed)."""
    values = {
        "day": tokyo_day(at),
        "channel": (channel or UNKNOWN_CHANNEL)[:64],
        "language": answer_language_or_default(language),
        "intent": (intent or "")[:128],
        "routed": bool(routed),
        "count": count,
    }
    add_to_counter(engine, schema.message_counts, values)


def add_to_counter(engine: Engine, table: Table, values: Dict[str, Any]) -> None:
    """Adds `values["count"]` to the row of `table` with the other `values`, made if missing.

    Args:
        engine: the review database.
        table: a counter table whose unique key is every column of `values`
            but "count".
        values: the key columns and the count to add.
    """
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[name for name in values if name != "count"],
        set_={"count": table.c.count + values["count"]},
    )
    with engine.begin() as connection:
        connection.execute(statement)
