"""How often residents said a topic's answer helped, per topic and language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Tuple

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.review.models import StatsFilter
from bot.review.stats.counts import counter_clauses
from bot.review.storage import schema


@dataclass(frozen=True)
class FeedbackRow:
    """Residents' 「解決しましたか？」 answers for one topic in one language.

    Attributes:
        topic: the intent whose answer was judged.
        language: the answer language.
        helpful: how many said 「はい」.
        not_helpful: how many said 「いいえ」.
    """

    topic: str
    language: str
    helpful: int
    not_helpful: int

    @property
    def total(self) -> int:
        """All answers to the question."""
        return self.helpful + self.not_helpful

    @property
    def helpful_share(self) -> float:
        """The share of 「はい」 (0.0 when nobody answered)."""
        return self.helpful / self.total if self.total else 0.0


def feedback_rows(engine: Engine, flt: StatsFilter) -> List[FeedbackRow]:
    """Feedback counts for the Asia/Tokyo days of `flt`, most answered first.

    Args:
        engine: the review database.
        flt: the date range and optional language/channel filters.

    Returns:
        One row per (topic, language) with any answer, by total then name.
    """
    table = schema.feedback_counts
    clauses = counter_clauses(table, flt)
    query = (
        select(table.c.topic, table.c.language, table.c.helpful, func.sum(table.c.count))
        .where(*clauses)
        .group_by(table.c.topic, table.c.language, table.c.helpful)
    )
    tally: Dict[Tuple[str, str], List[int]] = defaultdict(lambda: [0, 0])
    with engine.connect() as connection:
        for topic, language, helpful, count in connection.execute(query):
            tally[(topic, language)][0 if helpful else 1] += int(count or 0)
    rows = [FeedbackRow(topic, language, yes, no) for (topic, language), (yes, no) in tally.items()]
    return sorted(rows, key=lambda row: (-row.total, row.topic, row.language))
