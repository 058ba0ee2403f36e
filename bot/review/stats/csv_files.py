"""CSV downloads of the dashboard and the inbox.

Cells are quoted by the csv module; text cells starting with = + - @ (or a
tab/carriage return) get a leading apostrophe so a spreadsheet never runs a
resident's text as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import datetime
from typing import Iterable, List, Optional, Sequence

from bot.review.clock import TOKYO
from bot.review.models import Question, Stats

logger = logging.getLogger(__name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A value as a CSV cell that spreadsheets show as text, never run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(moment: Optional[datetime]) -> str:
    return moment.astimezone(TOKYO).isoformat(timespec="seconds") if moment else ""


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def stats_csv(stats: Stats) -> str:
    """Messages per day: day, answered, routed, total, answered rate."""
    rows: List[Sequence[object]] = []
    for day in stats.days:
        total = day.answered + day.routed
        rate = round(day.answered / total, 4) if total else 0.0
        rows.append((day.day.isoformat(), day.answered, day.routed, total, rate))
    rows.append(
        ("total", stats.answered, stats.routed, stats.total_messages, round(stats.answered_rate, 4))
    )
    return _write(("day", "answered", "routed", "total", "answered_rate"), rows)


def questions_csv(questions: Iterable[Question]) -> str:
    """Captured questions (already redacted), one per row, times in Asia/Tokyo."""
    header = (
        "id",
        "created_at",
        "channel",
        "language",
        "reason",
        "status",
        "topic",
        "text",
        "candidates",
        "draft_answer",
        "reviewed_by",
        "reviewed_at",
        "exported_at",
    )
    rows = (
        (
            question.id,
            _local(question.created_at),
            question.channel,
            question.language,
            question.reason,
            question.status,
            question.topic,
            question.text,
            " ".join(f"{c.intent}:{c.confidence:.2f}" for c in question.candidates),
            question.draft_answer,
            question.reviewed_by,
            _local(question.reviewed_at),
            _local(question.exported_at),
        )
        for question in questions
    )
    return _write(header, rows)
