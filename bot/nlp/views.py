"""Three views of one message for the intent classifier's features.

The same question reaches the bot in many spellings: 期間, きかん, キカン;
聞きたい and 聞いた; "Chính sách" and "chinh sach". No single representation
makes all of them alike, so the classifier sees three:

- `surface`: the normalised text itself (character n-grams catch typos,
  Chinese and Korean words and Latin spellings);
- `lemmas`: GiNZA's lemmas (Sudachi dictionary forms), so inflections and
  dialect endings share a word, plus Korean words without their particles;
- `reading`: the katakana reading of the whole message, so kanji, hiragana and
  katakana spellings share character n-grams.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Tuple

from bot.nlp.hangul import korean_stem
from bot.nlp.kana import joined_reading, token_reading

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Separates lemmas in `TextViews.lemma_text`; never part of a lemma.
LEMMA_SEPARATOR = " "


@dataclass(frozen=True)
class TextViews:
    """The views of one message (see the module docstring)."""

    surface: str
    lemmas: Tuple[str, ...]
    reading: str
    stems: Tuple[str, ...] = ()

    def lemma_text(self, *, with_stems: bool = True) -> str:
        """The lemmas (and Korean stems) joined by `LEMMA_SEPARATOR`, for a word vectorizer."""
        return LEMMA_SEPARATOR.join(self.lemmas + self.stems if with_stems else self.lemmas)


def _is_word(token: Token) -> bool:
    return not (token.is_space or token.is_punct)


def token_lemma(token: Token) -> str:
    """The lower-cased lemma of a token, without spaces inside it.

    Args:
        token: a token from a GiNZA `Doc`.

    Returns:
        Sudachi's dictionary form (or the text when it has none), lower-cased.
    """
    lemma = token.lemma_ or token.text
    return "".join(lemma.lower().split())


def views_of_doc(doc: Doc) -> TextViews:
    """Returns the views of a message parsed by GiNZA.

    Args:
        doc: the GiNZA `Doc` of the normalised message (only the Sudachi
            tokenizer is needed: lemmas and readings come from it).

    Returns:
        Its surface text, word lemmas, joined katakana reading and the
        particle-less stems of its Korean words. Punctuation and spaces are
        left out of the lemmas and the reading.
    """
    words: List[Token] = [token for token in doc if _is_word(token)]
    lemmas = [lemma for lemma in (token_lemma(token) for token in words) if lemma]
    return TextViews(
        surface=doc.text,
        lemmas=tuple(lemmas),
        reading=joined_reading(token_reading(token) for token in words),
        stems=tuple(stem for stem in map(korean_stem, lemmas) if stem not in lemmas),
    )
