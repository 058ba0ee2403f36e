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
from typing import Callable, Iterable, List, Optional, Sequence

from bot.review.clock import TOKYO
from bot.review.models import Question, Stats

logger = logging.getLogger(__name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Staff open these files in Excel: the headers are plain Japanese.
STATS_HEADER = ("日付", "ボットが回答", "職員へ", "合計", "回答率")
STATS_TOTAL = "合計"
QUESTIONS_HEADER = (
    "番号",
    "受付日時",
    "経路",
    "言語",
    "理由",
    "状態",
    "話題",
    "質問",
    "ボットの推測",
    "回答の下書き",
    "対応者",
    "対応日時",
    "学習データへの出力日時",
)
# (kind, code) → the label staff read; kinds: channel, language, reason, status, topic.
Describe = Callable[[str, str], str]


def _as_is(kind: str, code: str) -> str:
    return code


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
        (
            STATS_TOTAL,
            stats.answered,
            stats.routed,
            stats.total_messages,
            round(stats.answered_rate, 4),
        )
    )
    return _write(STATS_HEADER, rows)


def questions_csv(questions: Iterable[Question], *, describe: Describe = _as_is) -> str:
    """Captured questions (already redacted), one per row, times in Asia/Tokyo.

    Args:
        questions: the questions to list.
        describe: (kind, code) → the label staff read (codes as is by default).

    Returns:
        The CSV text.
    """
    rows = (
        (
            question.id,
            _local(question.created_at),
            describe("channel", question.channel),
            describe("language", question.language),
            describe("reason", question.reason),
            describe("status", question.status),
            describe("topic", question.topic) if question.topic else "",
            question.text,
            " ".join(
                f"{describe('topic', c.intent)}:{c.confidence:.0%}" for c in question.candidates
            ),
            question.draft_answer,
            question.reviewed_by,
            _local(question.reviewed_at),
            _local(question.exported_at),
        )
        for question in questions
    )
    return _write(QUESTIONS_HEADER, rows)
