"""Writing residents' 「解決しましたか？」 answers to the review database (no text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.language.codes import answer_language_or_default
from bot.review.capture.writes import UNKNOWN_CHANNEL, add_to_counter
from bot.review.clock import tokyo_day
from bot.review.storage import schema


def add_feedback_count(
    engine: Engine,
    *,
    channel: str,
    language: str,
    topic: str,
    helpful: bool,
    at: datetime,
    count: int = 1,
) -> None:
    """Adds `count` to the counter of (Tokyo day, channel, language, topic, helpful).

    Args:
        engine: the review database.
        channel: the input channel ("unknown" if none).
        language: the answer language.
        topic: the intent whose answer the resident judged.
        helpful: True for 「はい」, False for 「いいえ」.
        at: when; counted on its Asia/Tokyo day.
        count: how many such answers.
    """
    values = {
        "day": tokyo_day(at),
        "channel": (channel or UNKNOWN_CHANNEL)[:64],
        "language": answer_language_or_default(language),
        "topic": (topic or "")[:128],
        "helpful": bool(helpful),
        "count": count,
    }
    add_to_counter(engine, schema.feedback_counts, values)
