"""Holiday names in each answer language (bot/town/phrases/holiday_names.yml)."""

from __future__ import annotations

import pytest

from bot.town.phrases.holiday_names import holiday_name


@pytest.mark.parametrize(
    ("japanese", "language", "expected"),
    [
        ("勤労感謝の日", "ja", "勤労感謝の日"),
        ("勤労感謝の日", "en", "Labor Thanksgiving Day"),
        ("憲法記念日 振替休日", "ja", "憲法記念日の振替休日"),
        ("憲法記念日 振替休日", "en", "substitute holiday for Constitution Memorial Day"),
        ("憲法記念日 振替休日", "ko", "헌법기념일 대체 휴일"),
        ("天皇の即位の日", "pt", "天皇の即位の日"),  # unknown: the Japanese name
    ],
)
def test_holiday_names(japanese: str, language: str, expected: str) -> None:
    assert holiday_name(japanese, language) == expected
