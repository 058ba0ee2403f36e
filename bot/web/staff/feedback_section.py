"""The dashboard's 「住民の評価」 section: per topic and language, how often
residents said the answer helped, beside that language's answered rate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping

from bot.review.models import Stats, StatsFilter


@dataclass(frozen=True)
class FeedbackLine:
    """One line of the section's table, ready to show.

    Attributes:
        topic: the topic's Japanese title.
        language: the language's Japanese name.
        helpful: 「はい」 answers.
        not_helpful: 「いいえ」 answers.
        helpful_share: the share of 「はい」.
        answered_rate: the share of that language's questions the bot answered.
    """

    topic: str
    language: str
    helpful: int
    not_helpful: int
    helpful_share: float
    answered_rate: float


def feedback_lines(
    store: Any,
    flt: StatsFilter,
    stats: Stats,
    *,
    titles: Mapping[str, str],
    language_labels: Mapping[str, str],
) -> List[FeedbackLine]:
    """The section's lines for the dashboard's range and filters.

    Args:
        store: the review store (`feedback(flt)` gives the counts).
        flt: the dashboard's date range and filters.
        stats: the dashboard's numbers (for the answered rate per language).
        titles: intent → Japanese topic title.
        language_labels: language code → Japanese name.

    Returns:
        One line per topic and language, most answered first.
    """
    rates: Dict[str, float] = {
        code: answered / (answered + routed) if answered + routed else 0.0
        for code, answered, routed in stats.by_language
    }
    return [
        FeedbackLine(
            topic=titles.get(row.topic, row.topic),
            language=language_labels.get(row.language, row.language),
            helpful=row.helpful,
            not_helpful=row.not_helpful,
            helpful_share=row.helpful_share,
            answered_rate=rates.get(row.language, 0.0),
        )
        for row in store.feedback(flt)
    ]
