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


# When a topic has several answers, which one residents get (the actions choose).
ANSWER_SITUATIONS: Mapping[str, str] = {
    "utter_policy_period_running": "計画期間中に聞かれたとき",
    "utter_policy_period_ended": "計画期間が終わったあとに聞かれたとき",
    "utter_contact_details": "連絡先の案内",
    "utter_office_hours": "受付時間の案内",
    "utter_office_open_now": "いま窓口が開いているとき（案内に続けて表示）",
    "utter_office_closed_holiday": "祝日で閉まっているとき（案内に続けて表示）",
    "utter_office_closed_year_end": "年末年始で閉まっているとき（案内に続けて表示）",
    "utter_office_closed_now": "時間外で閉まっているとき（案内に続けて表示）",
}


def answer_situation(response: str) -> str:
    """When residents get this answer, for topics with several ("" when not named)."""
    return ANSWER_SITUATIONS.get(response, "")
