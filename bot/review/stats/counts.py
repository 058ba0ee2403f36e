"""The dashboard's numbers: messages per day, answered vs routed, top topics,
the biggest unanswered groups, and the split by language and channel."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from typing import Callable, Dict, List, Tuple

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement

from bot.dialogue.intent_roles import is_routed
from bot.review.models import STATUS_NEW, Cluster, DailyCount, QuestionFilter, Stats, StatsFilter
from bot.review.storage import schema

logger = logging.getLogger(__name__)

TOP_TOPICS = 10
TOP_UNANSWERED = 10


def _split(rows: Dict[str, List[int]]) -> Tuple[Tuple[str, int, int], ...]:
    ordered = sorted(rows.items(), key=lambda item: (-(item[1][0] + item[1][1]), item[0]))
    return tuple((name, answered, routed) for name, (answered, routed) in ordered)


def counter_clauses(table: Table, flt: StatsFilter) -> List[ColumnElement[bool]]:
    """The WHERE clauses of a counter table (day, language, channel) for `flt`."""
    clauses = [table.c.day >= flt.date_from, table.c.day <= flt.date_to]
    if flt.language:
        clauses.append(table.c.language == flt.language)
    if flt.channel:
        clauses.append(table.c.channel == flt.channel)
    return clauses


def compute_stats(
    engine: Engine, flt: StatsFilter, clusters: Callable[[QuestionFilter], List[Cluster]]
) -> Stats:
    """Counts for the Asia/Tokyo days `flt.date_from`..`flt.date_to` (inclusive).

    Args:
        engine: the review database.
        flt: the date range and optional language/channel filters.
        clusters: groups the questions a filter selects (`ReviewStore.clusters`).

    Returns:
        Stats with every day of the range present (zero when quiet).
    """
    table = schema.message_counts
    clauses = counter_clauses(table, flt)
    query = (
        select(
            table.c.day,
            table.c.channel,
            table.c.language,
            table.c.intent,
            table.c.routed,
            func.sum(table.c.count).label("n"),
        )
        .where(*clauses)
        .group_by(table.c.day, table.c.channel, table.c.language, table.c.intent, table.c.routed)
    )
    per_day: Dict = defaultdict(lambda: [0, 0])
    per_language: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    per_channel: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    topics: Dict[str, int] = defaultdict(int)
    with engine.connect() as connection:
        for row in connection.execute(query):
            column = 1 if row.routed else 0
            count = int(row.n or 0)
            per_day[row.day][column] += count
            per_language[row.language][column] += count
            per_channel[row.channel][column] += count
            if not row.routed and row.intent and not is_routed(row.intent):
                topics[row.intent] += count
    days = []
    day = flt.date_from
    while day <= flt.date_to:
        answered, routed = per_day.get(day, (0, 0))
        days.append(DailyCount(day=day, answered=answered, routed=routed))
        day += timedelta(days=1)
    answered = sum(item.answered for item in days)
    routed = sum(item.routed for item in days)
    total = answered + routed
    open_questions = QuestionFilter(
        status=STATUS_NEW,
        language=flt.language,
        channel=flt.channel,
        date_from=flt.date_from,
        date_to=flt.date_to,
    )
    return Stats(
        days=tuple(days),
        total_messages=total,
        answered=answered,
        routed=routed,
        answered_rate=answered / total if total else 0.0,
        top_topics=tuple(sorted(topics.items(), key=lambda item: (-item[1], item[0]))[:TOP_TOPICS]),
        top_unanswered=tuple(clusters(open_questions)[:TOP_UNANSWERED]),
        by_language=_split(per_language),
        by_channel=_split(per_channel),
    )
