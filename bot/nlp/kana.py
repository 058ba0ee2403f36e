"""Kana readings: the bridge between kanji, katakana and hiragana spellings.

A resident may write 期間, きかん or キカン. Sudachi (through GiNZA) gives every
token a katakana reading, and hiragana input is read as itself, so mapping all
readings to katakana makes the three spellings share character n-grams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, List

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_HIRAGANA_START = 0x3041
_HIRAGANA_END = 0x3096
_KATAKANA_OFFSET = 0x60
_KATAKANA_START = 0x30A1
_KATAKANA_END = 0x30F6


def to_katakana(text: str) -> str:
    """Converts every hiragana character of `text` to katakana.

    Args:
        text: any text.

    Returns:
        The same text with hiragana replaced by the matching katakana.
    """
    return "".join(
        chr(ord(char) + _KATAKANA_OFFSET) if _HIRAGANA_START <= ord(char) <= _HIRAGANA_END else char
        for char in text
    )


def to_hiragana(text: str) -> str:
    """Converts every katakana character of `text` to hiragana.

    Args:
        text: any text, typically a Sudachi reading in katakana.

    Returns:
        The same text with katakana ア..ヶ replaced by hiragana; ー, ヵ, ヶ and others kept.
    """
    return "".join(
        chr(ord(char) - _KATAKANA_OFFSET)
        if _KATAKANA_START <= ord(char) <= _KATAKANA_END and char not in "ヵヶ"
        else char
        for char in text
    )


def token_reading(token: Token) -> str:
    """Returns the katakana reading of a spaCy/GiNZA token.

    Falls back to the token's own text (in katakana) when Sudachi gives no
    reading, as for symbols and unknown latin words.

    Args:
        token: a token from a GiNZA `Doc`.

    Returns:
        The reading in katakana, never empty for a non-empty token.
    """
    readings: List[str] = token.morph.get("Reading")
    reading = readings[0] if readings else ""
    return to_katakana(reading or token.text)


def readings_by_offset(doc: Doc) -> Dict[int, str]:
    """Maps each token's character offset in `doc` to its katakana reading.

    Args:
        doc: a GiNZA `Doc`.

    Returns:
        A dict from `token.idx` to the reading of that token.
    """
    return {token.idx: token_reading(token) for token in doc}


def joined_reading(readings: Iterable[str]) -> str:
    """Joins token readings into one string without separators.

    Segmentation differs between kanji and kana spellings of the same words,
    so the sentence-level reading must not depend on token boundaries.

    Args:
        readings: the readings of a message's tokens, in order.

    Returns:
        The concatenated reading.
    """
    return "".join(readings)
