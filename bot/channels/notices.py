"""Polite notices the channels send themselves, in the resident's language.

The texts live in notices.yml beside this module, not in data/ or domain.yml:
they are sent when a message never reaches the bot (empty, too long, too many)
or when the bot could not answer, so editing them needs no retraining.

The language is the message's own when it is clear (bot.language.detect),
else the channel's preferred language from the metadata ({"language": "pt-BR"}),
else Japanese. Japanese text with an easy-Japanese preference stays easy.
"""

from __future__ import annotations

import enum
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

import yaml

from bot.language.codes import (
    ANSWER_LANGUAGES,
    DEFAULT_LANGUAGE,
    EASY_JAPANESE,
    JAPANESE,
    answer_language_for_tag,
)
from bot.language.detect import detect_language
from bot.town.contact import load_contact
from bot.town.files import TownFactsError

logger = logging.getLogger(__name__)

NOTICES_FILE = Path(__file__).with_name("notices.yml")
# Detection reads the start of a message: enough to tell its language, and
# cheap even for a 10,000-character message.
DETECTION_CHARS = 300


class Notice(enum.Enum):
    """The notices, named as in notices.yml."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"


@lru_cache(maxsize=1)
def _texts() -> Dict[str, Dict[str, str]]:
    data = yaml.safe_load(NOTICES_FILE.read_text(encoding="utf-8"))
    for key, by_language in data.items():
        missing = set(ANSWER_LANGUAGES) - set(by_language)
        if missing:
            raise ValueError(f"{NOTICES_FILE.name}: {key} lacks {sorted(missing)}")
    return data


def notice_language(text: str, metadata: Optional[Mapping[str, Any]] = None) -> str:
    """The language to answer a notice in.

    Args:
        text: the resident's message (may be empty or very long).
        metadata: the message metadata; its "language" is the channel's preference.

    Returns:
        One of the seven answer languages (Japanese when nothing tells).
    """
    preferred = None
    if metadata and isinstance(metadata.get("language"), str):
        preferred = answer_language_for_tag(metadata["language"])
    detection = detect_language(text[:DETECTION_CHARS]) if text.strip() else None
    detected = detection.language if detection else None
    if detected == JAPANESE and preferred == EASY_JAPANESE:
        return EASY_JAPANESE
    return detected or preferred or DEFAULT_LANGUAGE


def notice_text(
    notice: Notice, language: str, *, limit: int = 0, town_dir: Optional[Path] = None
) -> str:
    """The text of a notice.

    Args:
        notice: which notice.
        language: an answer language (unknown ones fall back to Japanese).
        limit: the message length limit, for TOO_LONG.
        town_dir: the folder of contact.yml (None: TOWN_DIR or ./town).

    Returns:
        The notice, with the office's name and phone for UNAVAILABLE.
    """
    texts = _texts()
    language = language if language in ANSWER_LANGUAGES else DEFAULT_LANGUAGE
    if notice is Notice.UNAVAILABLE:
        try:
            contact = load_contact(town_dir)
        except (TownFactsError, OSError) as error:
            logger.error("notices: cannot read contact.yml (%s)", type(error).__name__)
            return texts["unavailable_no_contact"][language]
        return texts[notice.value][language].format(
            office_name=contact.office_name, phone=contact.phone
        )
    return texts[notice.value][language].format(limit=f"{limit:,}")
