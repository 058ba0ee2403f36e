"""Furigana (ruby readings) for Japanese answers, from Sudachi's readings.

`furigana_segments` is pure: it turns (surface, katakana reading) pairs, as
Sudachi gives them, into segments the widget renders as <ruby>. Only text with
kanji gets a reading; okurigana and other kana stay outside the ruby, so 進める
becomes 進(すす) + める. `SudachiFurigana` feeds it from SudachiPy with the
SudachiDict-core dictionary (the one GiNZA uses), loaded on first use.

Easy-Japanese answers already give readings in brackets, 計画（けいかく）.
`given_readings` finds them; `SudachiFurigana` turns each into the ruby of its
word and drops the bracket, so no word is read twice and Sudachi never sees a
bracket that would spread a reading over the kana after it (書（か）いて).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Tuple

from bot.nlp.kana import to_hiragana

if TYPE_CHECKING:
    from sudachipy import Tokenizer

logger = logging.getLogger(__name__)

# A segment: {"text": "期間", "reading": "きかん"} or {"text": "は"}.
Segment = Dict[str, str]

# Characters read as part of a kanji word: iteration mark, small ke/ka, shime.
_KANJI_LIKE = "々〆ヵヶ"
_KANJI_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def is_kanji(char: str) -> bool:
    """Tells whether `char` is a kanji (CJK ideograph) or is read like one (々, ヶ).

    Args:
        char: one character.

    Returns:
        True for kanji and kanji-like marks.
    """
    code = ord(char)
    return char in _KANJI_LIKE or any(start <= code <= end for start, end in _KANJI_RANGES)


def _runs(surface: str) -> List[Tuple[str, bool]]:
    """Splits `surface` into maximal runs of kanji and of other characters."""
    runs: List[Tuple[str, bool]] = []
    for char in surface:
        kanji = is_kanji(char)
        if runs and runs[-1][1] == kanji:
            runs[-1] = (runs[-1][0] + char, kanji)
        else:
            runs.append((char, kanji))
    return runs


def align_reading(surface: str, reading: str) -> List[Segment]:
    """Puts the reading of one word on its kanji only.

    Args:
        surface: the word as written, e.g. "問い合わせ".
        reading: its reading in hiragana, e.g. "といあわせ".

    Returns:
        Segments covering `surface`, e.g. 問/と, い, 合/あ, わせ. When the kana of
        the surface do not line up with the reading (irregular readings,
        digits), the whole word carries the whole reading. Without kanji, or
        without a usable reading, one segment without a reading.
    """
    runs = _runs(surface)
    if not any(kanji for _, kanji in runs) or not reading or any(is_kanji(c) for c in reading):
        return [{"text": surface}]
    pattern = "".join("(.+?)" if kanji else re.escape(to_hiragana(text)) for text, kanji in runs)
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [{"text": surface, "reading": reading}]
    readings = iter(match.groups())
    return [
        {"text": part, "reading": next(readings)} if kanji else {"text": part}
        for part, kanji in runs
    ]


# A run of kanji (digits may lead: 7日（なのか）) followed by its reading in
# hiragana inside full- or half-width brackets.
_KANJI_CLASS = "".join(f"{chr(start)}-{chr(end)}" for start, end in _KANJI_RANGES) + _KANJI_LIKE
_GIVEN_READING = re.compile(rf"([0-9０-９]*[{_KANJI_CLASS}]+)[（(]([\u3041-\u3096ー]+)[）)]")


def given_readings(text: str) -> List[Tuple[str, Optional[Segment]]]:
    """Splits `text` around the readings it gives itself.

    Args:
        text: Japanese text such as 「計画（けいかく）を 書（か）いて」.

    Returns:
        (plain text, None) and ("", ruby segment) items in text order; the
        ruby segment is the word with its given reading, the brackets gone.
        Brackets that hold anything but hiragana (an explanation, a date)
        stay in the plain text.
    """
    parts: List[Tuple[str, Optional[Segment]]] = []
    position = 0
    for match in _GIVEN_READING.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], None))
        parts.append(("", {"text": match.group(1), "reading": match.group(2)}))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], None))
    return parts


def furigana_segments(morphemes: Iterable[Tuple[str, str]]) -> List[Segment]:
    """Builds ruby segments from a tokenized text.

    Args:
        morphemes: (surface, reading) pairs in text order; the reading in
            katakana or hiragana, empty when unknown.

    Returns:
        Segments whose texts, joined, give back the input text exactly. Only
        kanji get a reading (hiragana); adjacent segments without a reading
        are merged.
    """
    segments: List[Segment] = []
    for surface, reading in morphemes:
        for segment in align_reading(surface, to_hiragana(reading)):
            if segments and "reading" not in segments[-1] and "reading" not in segment:
                segments[-1] = {"text": segments[-1]["text"] + segment["text"]}
            elif segment["text"]:
                segments.append(segment)
    return segments


class SudachiFurigana:
    """Readings from SudachiPy with SudachiDict-core, loaded once on first use.

    Not thread-safe (nor is Sudachi's tokenizer): call it from one thread, such
    as the web server's event loop.
    """

    def __init__(self) -> None:
        """Creates the reader; the dictionary is loaded by the first call."""
        self._tokenizer: Optional[Tokenizer] = None

    def _load(self) -> Tokenizer:
        if self._tokenizer is None:
            try:
                from sudachipy import Dictionary, SplitMode
            except ImportError as error:
                raise RuntimeError(
                    "SudachiPy is missing: run `make install` (requirements/lock.txt)."
                ) from error
            self._tokenizer = Dictionary(dict="core").create(SplitMode.C)
            logger.info("Sudachi dictionary loaded for furigana")
        return self._tokenizer

    def segments(self, text: str) -> List[Segment]:
        """Returns the ruby segments of `text`.

        Args:
            text: Japanese text, at most a few thousand characters (Sudachi
                refuses input over 49,149 bytes).

        Returns:
            See `furigana_segments`; readings the text gives in brackets
            become the ruby of their word and the brackets are left out.
        """
        segments: List[Segment] = []
        for plain, given in given_readings(text):
            if given is not None:
                segments.append(given)
                continue
            morphemes = self._load().tokenize(plain)
            for segment in furigana_segments((m.surface(), m.reading_form()) for m in morphemes):
                if segments and "reading" not in segments[-1] and "reading" not in segment:
                    segments[-1] = {"text": segments[-1]["text"] + segment["text"]}
                else:
                    segments.append(segment)
        return segments
