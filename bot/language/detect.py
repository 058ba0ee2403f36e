"""Detects the language of one resident message.

The detector answers only when it is sure: a short or ambiguous message
("ok", "?", "DX", "123", "🙂", 「電話番号」) gets `None`, so the conversation
keeps its language. The script decides where it can (kana is Japanese, Hangul
Korean, Han with simplified-only characters Chinese, Thai or Cyrillic
unsupported); Latin-script text goes to lingua, a statistical detector whose
models ship inside its wheel (nothing is downloaded), restricted to the
supported languages plus a few unsupported ones residents are likely to write
(Spanish, Tagalog, Indonesian, ...), which are reported as unsupported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot.language.codes import CHINESE, ENGLISH, JAPANESE, KOREAN, PORTUGUESE, VIETNAMESE
from bot.language.cue_words import cue_votes
from bot.nlp.normalize import fold_latin, is_latin

_SUPPORTED_LATIN: Dict[Language, str] = {
    Language.ENGLISH: ENGLISH,
    Language.PORTUGUESE: PORTUGUESE,
    Language.VIETNAMESE: VIETNAMESE,
}
# Latin-script languages we do not answer in, but can recognise.
_UNSUPPORTED_LATIN: Tuple[Language, ...] = (
    Language.SPANISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.ITALIAN,
    Language.TAGALOG,
    Language.INDONESIAN,
    Language.DUTCH,
)
# Words that say nothing about the language: acronyms, names, web words.
_NEUTRAL_WORDS = frozenset(
    "dx ok okay ai it ict pc sns line url pdf faq ooda aisho aishou aisho-cho "
    "shiga tel fax www http https com jp html email e-mail wifi wi-fi app "
    "smartphone ah oh hmm lol".split()
)
# Greetings and thanks that are a whole message: too short for statistics.
_SHORT_PHRASES: Dict[str, str] = {
    **dict.fromkeys(
        (
            "hello",
            "hi",
            "hey",
            "heyy",
            "thanks",
            "thank you",
            "thx",
            "ok thx",
            "ok thanks",
            "good morning",
            "good evening",
            "bye",
            "bye bye",
        ),
        ENGLISH,
    ),
    **dict.fromkeys(
        ("ola", "oi", "obrigado", "obrigada", "bom dia", "boa tarde", "boa noite", "tchau"),
        PORTUGUESE,
    ),
    **dict.fromkeys(("xin chao", "chao", "chao ban", "cam on", "cam on ban"), VIETNAMESE),
}
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# Thresholds on lingua's confidence values (0..1), tuned on the held-out files.
# Share of the supported languages' confidence the best of them must have.
_MIN_SUPPORTED_SHARE = 0.6
_MIN_UNSUPPORTED_CONFIDENCE = 0.6
_UNSUPPORTED_MARGIN = 0.35
_MIN_LATIN_WORDS = 2
_MIN_WORDS_AROUND_JAPANESE = 3
_STRONG_CUE_VOTES = 3
_CUES_AGAINST_UNSUPPORTED = 2
# Cue-word languages that are not answer languages.
_CUE_UNSUPPORTED = frozenset({"es"})
_MIN_HAN_CHARACTERS = 2


@dataclass(frozen=True)
class Detection:
    """What a message's language is, when that is clear.

    Attributes:
        language: a supported input language, or None when unclear.
        unsupported: an ISO 639-1 code (or a script name) when the message is
            clearly in a language the assistant does not answer in.
        likely: when `language` is unclear, the supported language the words
            lean to ("real human?" is probably English); only good enough for
            the first answer of a conversation whose language nothing else tells.
    """

    language: Optional[str] = None
    unsupported: Optional[str] = None
    likely: Optional[str] = None


UNCLEAR = Detection()
# The parse-data key the NLU pipeline writes a Detection to (as a dict);
# actions read it from tracker.latest_message.
LANGUAGE_DETECTION = "language_detection"


@dataclass(frozen=True)
class _ScriptCounts:
    kana: int = 0
    hangul: int = 0
    han: int = 0
    simplified_han: int = 0
    latin: int = 0
    other: int = 0
    other_script: str = ""


def _is_simplified_only(char: str) -> bool:
    """A Han character that Japanese text never uses (outside Shift_JIS)."""
    try:
        char.encode("cp932")
    except UnicodeEncodeError:
        return True
    return False


def _count_scripts(text: str) -> _ScriptCounts:
    counts = dict(kana=0, hangul=0, han=0, simplified_han=0, latin=0, other=0)
    other_script = ""
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
            counts["kana"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or char in "々〆":
            counts["han"] += 1
            counts["simplified_han"] += _is_simplified_only(char)
        elif is_latin(char):
            counts["latin"] += 1
        else:
            counts["other"] += 1
            other_script = other_script or unicodedata.name(char, "OTHER").split(" ")[0].lower()
    return _ScriptCounts(**counts, other_script=other_script)


# Function words of Chinese sentences that Japanese noun phrases (電話番号,
# 推進本部 役割) do not use, and the "X不X" question pattern (会不会, 有没有).
_CHINESE_GRAMMAR = re.compile(r"[是我你他她哪啥怎吗呢吧么没谁呀啊给很还想]|(.)[不没]\1")


def _has_chinese_grammar(text: str) -> bool:
    return bool(_CHINESE_GRAMMAR.search(text))


@lru_cache(maxsize=1)
def _latin_detector() -> LanguageDetector:
    languages = (*_SUPPORTED_LATIN, *_UNSUPPORTED_LATIN)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def warm_up() -> None:
    """Loads lingua's models now rather than on the first message."""
    _latin_detector().compute_language_confidence_values("warm up")


def _content_words(text: str) -> List[str]:
    """Latin-script words that can tell a language (acronyms and names removed)."""
    return [
        word
        for word in _WORD.findall(text.lower())
        if word not in _NEUTRAL_WORDS and all(is_latin(char) for char in word)
    ]


def _detect_latin(text: str) -> Detection:
    words = _content_words(text)
    phrase = " ".join(fold_latin(word) for word in words)
    if phrase in _SHORT_PHRASES:
        return Detection(language=_SHORT_PHRASES[phrase])
    by_cues = _language_by_cue_words(phrase.split(), strong=True)
    if by_cues is not None:
        return by_cues
    if len(words) < _MIN_LATIN_WORDS:
        return Detection(likely=_likely_language(words))
    confidences = {
        value.language: value.value
        for value in _latin_detector().compute_language_confidence_values(" ".join(words))
    }
    best = max(confidences, key=lambda language: confidences[language])
    if best in _UNSUPPORTED_LATIN:
        code = best.iso_code_639_1.name.lower()
        if _is_clearly(best, confidences) and not _cues_outvote(phrase.split(), code):
            return Detection(unsupported=code)
        # Unsure, as lingua is on unaccented text: frequent words decide.
        by_cues = _language_by_cue_words(phrase.split())
        if by_cues is not None:
            return by_cues
    best_supported = max(_SUPPORTED_LATIN, key=lambda language: confidences.get(language, 0.0))
    total_supported = sum(confidences.get(language, 0.0) for language in _SUPPORTED_LATIN)
    share = confidences.get(best_supported, 0.0) / total_supported if total_supported else 0.0
    if share >= _MIN_SUPPORTED_SHARE:
        return Detection(language=_SUPPORTED_LATIN[best_supported])
    return _language_by_cue_words(phrase.split()) or Detection(
        likely=_SUPPORTED_LATIN[best_supported] if total_supported else None
    )


def _likely_language(words: List[str]) -> Optional[str]:
    """The supported language a word or two lean to, if any word is left."""
    if not words:
        return None
    confidences = _latin_detector().compute_language_confidence_values(" ".join(words))
    for value in confidences:
        if value.language in _SUPPORTED_LATIN:
            return _SUPPORTED_LATIN[value.language]
    return None


def _is_clearly(language: Language, confidences: Dict[Language, float]) -> bool:
    """Whether an unsupported language is far ahead of every supported one."""
    supported = max(confidences.get(other, 0.0) for other in _SUPPORTED_LATIN)
    confidence = confidences[language]
    return (
        confidence >= _MIN_UNSUPPORTED_CONFIDENCE and confidence - supported >= _UNSUPPORTED_MARGIN
    )


def _cues_outvote(words: List[str], unsupported: str) -> bool:
    """Whether a supported language's frequent words outvote an unsupported verdict.

    Lingua reads unaccented Portuguese as Spanish ("principio 3 explica pra
    mim"); words only Portuguese uses (pra, mim, do, voce) overrule it when
    there are at least `_CUES_AGAINST_UNSUPPORTED` of them and more than the
    unsupported language's own cue words.
    """
    votes = cue_votes(words)
    supported = max(count for language, count in votes.items() if language not in _CUE_UNSUPPORTED)
    return supported >= _CUES_AGAINST_UNSUPPORTED and supported > votes.get(unsupported, 0)


def _language_by_cue_words(words: List[str], *, strong: bool = False) -> Optional[Detection]:
    """The language whose frequent words the message uses most, if one leads.

    With `strong`, only a clear lead counts (at least three cue words and
    twice the runner-up's): enough to overrule lingua, which reads
    "noi dung DX policy cua aisho la gi" as English for its one English word.
    """
    votes = sorted(cue_votes(words).items(), key=lambda item: item[1], reverse=True)
    (language, count), (_, runner_up) = votes[0], votes[1]
    if strong and (count < _STRONG_CUE_VOTES or count < 2 * runner_up):
        return None
    if count < 1 or count == runner_up:
        return None
    if language in _CUE_UNSUPPORTED:
        return Detection(unsupported=language)
    return Detection(language=language)


# Markup, addresses and code-like ASCII runs say nothing of the writer's
# language: "<script>alert('x')</script>DXポリシーとは？" is Japanese.
_NOT_LANGUAGE = re.compile(
    r"<[^<>]*>"
    r"|https?://\S+|www\.\S+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+"
    r"|[!-~]*[(){}\[\];=`\\][!-~]*"
)


def without_markup(text: str) -> str:
    """`text` with tags, URLs, e-mail addresses and code-like tokens blanked out.

    Args:
        text: a message, after NFKC normalisation (full-width brackets are ASCII).

    Returns:
        The words a person wrote; Japanese text around them is kept whole.
    """
    return _NOT_LANGUAGE.sub(" ", text)


def detect_language(text: str) -> Detection:
    """Returns the language of `text` when it is clear, else `UNCLEAR`.

    Args:
        text: the message as the resident typed it.

    Returns:
        The detection; `Detection.language` is one of the supported input
        languages, `Detection.unsupported` names a language we do not answer in.
    """
    text = without_markup(unicodedata.normalize("NFKC", text))  # ﾎﾟﾘｼｰ is katakana too
    counts = _count_scripts(text)
    letters = counts.kana + counts.hangul + counts.han + counts.latin + counts.other
    if letters == 0:
        return UNCLEAR
    # Japanese text never has Hangul or simplified-only Han: a Korean or
    # Chinese sentence quoting a Japanese name (人にやさしい 이념) is Korean
    # or Chinese.
    if counts.hangul >= 2:
        return Detection(language=KOREAN)
    if counts.simplified_han:
        return Detection(language=CHINESE)
    if counts.kana:
        # "What is the 愛荘町DXポリシー?": a sentence in another language
        # quoting a Japanese name is in that other language.
        if len(_content_words(text)) >= _MIN_WORDS_AROUND_JAPANESE:
            around = _detect_latin(text)
            if around.language:
                return around
        return Detection(language=JAPANESE)
    if counts.other >= 2 and counts.other * 2 >= letters:
        return Detection(unsupported=counts.other_script)
    if counts.han >= _MIN_HAN_CHARACTERS and counts.han >= counts.latin:
        # Han alone is ambiguous (電話番号 is Japanese, 电话号码 Chinese): only
        # Chinese grammar words (是, 吗, 什么, 会不会) decide it.
        return Detection(language=CHINESE) if _has_chinese_grammar(text) else UNCLEAR
    if counts.latin:
        return _detect_latin(text)
    return UNCLEAR
