"""The answer languages and how outside language tags map onto them."""

from __future__ import annotations

from typing import Optional, Tuple

JAPANESE = "ja"
EASY_JAPANESE = "easy_ja"
ENGLISH = "en"
PORTUGUESE = "pt"
VIETNAMESE = "vi"
CHINESE = "zh"
KOREAN = "ko"

# Every answer exists in these seven forms (values of the `language` slot).
ANSWER_LANGUAGES: Tuple[str, ...] = (
    JAPANESE,
    EASY_JAPANESE,
    ENGLISH,
    PORTUGUESE,
    VIETNAMESE,
    CHINESE,
    KOREAN,
)
# Languages a resident may write in (easy Japanese is an answer style).
INPUT_LANGUAGES: Tuple[str, ...] = (JAPANESE, ENGLISH, PORTUGUESE, VIETNAMESE, CHINESE, KOREAN)
DEFAULT_LANGUAGE = JAPANESE


def answer_language_for_tag(tag: Optional[str]) -> Optional[str]:
    """Maps a language tag from a browser or LINE profile to an answer language.

    Args:
        tag: a BCP 47 tag such as "pt-BR", "zh-Hans", "en_US", "ja" or one of
            our own codes ("easy_ja").

    Returns:
        The answer language, or None for a missing or unsupported tag.
    """
    if not tag:
        return None
    normalized = tag.strip().lower().replace("_", "-")
    if normalized in ("easy-ja", "ja-easy", "ja-x-easy"):
        return EASY_JAPANESE
    primary = normalized.split("-", 1)[0]
    return primary if primary in INPUT_LANGUAGES else None


def answer_language_or_default(value: object) -> str:
    """`value` if it is one of our answer languages, else the default.

    A slot or tracker value comes from outside (a forged tracker may carry
    "../../domain"); call this wherever a language is stored or becomes part
    of a file name.
    """
    return value if isinstance(value, str) and value in ANSWER_LANGUAGES else DEFAULT_LANGUAGE


def is_answer_language(value: object) -> bool:
    """Whether `value` is exactly one of the answer languages' codes."""
    return isinstance(value, str) and value in ANSWER_LANGUAGES
