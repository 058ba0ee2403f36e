"""Normalisation of resident input before NLU.

Residents type the same question in many ways: full-width latin (ＤＸ),
half-width katakana (ﾎﾟﾘｼｰ), odd dashes and tildes, repeated punctuation,
stray spaces. `normalize_text` maps all of these to one canonical form so the
NLU pipeline sees the same text for the same question.
"""

from __future__ import annotations

import re
import unicodedata

# Characters people use for the katakana long-vowel mark (chōon) after a kana.
_LONG_VOWEL_LOOKALIKES = "-‐‑‒–—―−ｰ〜～~"
_KANA = r"\u3041-\u3096\u30a1-\u30fa"
_LONG_VOWEL_AFTER_KANA = re.compile(rf"(?<=[{_KANA}ー])[{re.escape(_LONG_VOWEL_LOOKALIKES)}]")
_REPEATED_PUNCTUATION = re.compile(r"([!?！？。、…・,.])\1+")
_CONTROL_CHARACTERS = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\ufeff]")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Returns the canonical form of a resident's message.

    Steps: NFKC (full-width latin and digits to ASCII, half-width katakana to
    full-width, ㈱-style compatibility characters expanded), removal of control
    and zero-width characters, long-vowel look-alikes after kana unified to
    「ー」, runs of the same punctuation collapsed, latin lower-cased and
    stripped of diacritics (see `fold_latin`), whitespace collapsed.

    Args:
        text: the message as the resident typed it.

    Returns:
        The normalised text; an empty string for blank input.
    """
    normalized = unicodedata.normalize("NFKC", text)
    normalized = _CONTROL_CHARACTERS.sub("", normalized)
    normalized = _LONG_VOWEL_AFTER_KANA.sub("ー", normalized)
    normalized = _REPEATED_PUNCTUATION.sub(r"\1", normalized)
    normalized = fold_latin(normalized.lower())
    return _WHITESPACE.sub(" ", normalized).strip()


def is_latin(char: str) -> bool:
    """True for a character of the Latin blocks (ASCII to IPA, and Vietnamese's Ạ-ỹ)."""
    code = ord(char)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF


def fold_latin(text: str) -> str:
    """Removes diacritics from Latin letters only: "Chính sách" -> "Chinh sach".

    Residents often type Vietnamese and Portuguese without diacritics, so the
    NLU sees both spellings as one. Kana, kanji and Hangul are left alone
    (decomposing が or 한 would break them).

    Args:
        text: any text.

    Returns:
        The text with Latin letters stripped of accents; đ/Đ become d/D.
    """
    folded = []
    for char in text:
        if char in "đĐ":
            folded.append("d" if char == "đ" else "D")
        elif char.isalpha() and is_latin(char) and not char.isascii():
            decomposed = unicodedata.normalize("NFD", char)
            folded.append("".join(part for part in decomposed if not unicodedata.combining(part)))
        else:
            folded.append(char)
    return "".join(folded)


def has_words(text: str) -> bool:
    """True when `text` has at least one letter or digit (kana and kanji count).

    A message of only spaces, punctuation or emoji ("？", "🙂🙂") asks nothing
    that could be answered: the resident is asked to type the question instead.

    Args:
        text: a message, normalised or not.

    Returns:
        Whether any character is alphanumeric in Unicode's sense.
    """
    return any(char.isalnum() for char in text)
