"""How topics, answers and languages are named to staff (plain Japanese)."""

from __future__ import annotations

from typing import Dict, Mapping, Optional, Tuple

from bot.review.staff_words import LANGUAGE_LABELS, UNLISTED_TOPIC
from bot.review.teach.answers import topic_responses
from bot.review.triage.topics import topic_choices

TITLE_LANGUAGE = "ja"


def topic_titles() -> Dict[str, str]:
    """Intent → Japanese title of every topic staff can teach."""
    return dict(topic_choices(TITLE_LANGUAGE, ()))


def language_label(language: str) -> str:
    """「英語」 for "en" (the code itself for an unknown one)."""
    return LANGUAGE_LABELS.get(language, language)


def response_place(response: str) -> Tuple[Optional[str], int]:
    """The first topic answering with `response` and its number there (from 1)."""
    for topic, names in topic_responses().items():
        if response in names:
            return topic, names.index(response) + 1
    return None, 0


def answer_name(response: str, titles: Mapping[str, str]) -> str:
    """「「窓口の連絡先」の回答 2」: an answer as staff find it on its topic's page."""
    topic, number = response_place(response)
    if topic is None:
        return "話題に属さない回答"
    title = titles.get(topic, UNLISTED_TOPIC)
    count = len(topic_responses().get(topic, ()))
    return f"「{title}」の回答" if count == 1 else f"「{title}」の回答 {number}"
