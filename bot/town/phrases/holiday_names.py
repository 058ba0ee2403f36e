"""Japan's national holidays by name, in each answer language (holiday_names.yml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

_NAMES_FILE = Path(__file__).resolve().parent / "holiday_names.yml"


@lru_cache(maxsize=1)
def _names() -> Dict[str, Dict[str, str]]:
    loaded: Dict[str, Dict[str, str]] = yaml.safe_load(_NAMES_FILE.read_text(encoding="utf-8"))
    return loaded


def holiday_name(japanese: str, language: str) -> str:
    """The holiday's name in `language`.

    Args:
        japanese: the name jpholiday gives (勤労感謝の日).
        language: an answer language code ("ja", "easy_ja", "en", ...).

    Returns:
        The translated name; the Japanese one for "ja" or an unknown holiday.
        A substitute holiday ("憲法記念日 振替休日") is written with the pattern
        `_substitute` ("substitute holiday for Constitution Memorial Day").
    """
    names = _names()
    holiday, _, suffix = japanese.partition(" ")
    if suffix == "振替休日":
        pattern = names["_substitute"].get(language, names["_substitute"]["ja"])
        return pattern.format(name=holiday_name(holiday, language))
    return names.get(japanese, {}).get(language, japanese)
