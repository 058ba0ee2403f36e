"""Readings of Japanese text from Sudachi (GiNZA's tokenizer), loaded once.

Sudachi reads 塵, ごみ and ゴミ all as ゴミ, and 粗大ごみ as ソダイゴミ, so
comparing readings makes kanji, hiragana and katakana spellings of a word
match. The review inbox groups questions by their content words' readings
and searches them by the reading of the whole text in hiragana.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Any, Optional

from bot.nlp.kana import to_hiragana, to_katakana

logger = logging.getLogger(__name__)

# Sudachi parts of speech that carry meaning (particles and auxiliaries do not).
CONTENT_POS = ("名詞", "動詞", "形容詞", "副詞", "形状詞", "接頭辞", "接尾辞")
# Sudachi's tokenizer must not be used by two threads at once ("Already
# borrowed"): the action server captures questions from worker threads.
_TOKENIZER_LOCK = threading.Lock()
_JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")


@lru_cache(maxsize=1)
def sudachi_tokenizer() -> Optional[Any]:
    """Sudachi's tokenizer (installed with GiNZA), or None when it is missing."""
    try:
        from sudachipy import dictionary
    except ImportError:
        logger.warning("SudachiPy is not installed: Japanese text is compared by its kana only.")
        return None
    return dictionary.Dictionary().create()


def katakana_words(text: str, *, content_only: bool) -> list[str]:
    """The katakana reading of each word of `text` (Sudachi's long units).

    Args:
        text: normalised text.
        content_only: keep only words that carry meaning (no particles).

    Returns:
        The readings in order; the whole text in katakana without Sudachi.
    """
    tokenizer = sudachi_tokenizer()
    if tokenizer is None:
        return [to_katakana(text)]
    from sudachipy import tokenizer as sudachi

    with _TOKENIZER_LOCK:
        return [
            to_katakana(morpheme.reading_form() or morpheme.surface())
            for morpheme in tokenizer.tokenize(text, sudachi.Tokenizer.SplitMode.C)
            if not content_only or morpheme.part_of_speech()[0] in CONTENT_POS
        ]


def has_japanese(text: str) -> bool:
    """Whether `text` has any kana or kanji."""
    return bool(_JAPANESE.search(text))


def hiragana_reading(text: str) -> str:
    """The reading of all of `text` in hiragana, without spaces ("" when not Japanese).

    Args:
        text: normalised text.

    Returns:
        E.g. "そだいごみのだしかた" for 粗大ゴミの出し方; "" for text without kana or kanji.
    """
    if not has_japanese(text):
        return ""
    words = katakana_words(text, content_only=False)
    return "".join(to_hiragana(word) for word in words).replace(" ", "")
