"""Which language to answer in: explicit choice, then detection, then the channel.

The `language` slot holds the answer language and `language_source` how it
was set. An explicit choice ("English please", a language button) is kept
until the resident chooses again; a detected language is kept until another
one is detected; a channel's preferred language (the browser's, LINE's
profile) counts only while nothing better is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.language.codes import DEFAULT_LANGUAGE, EASY_JAPANESE, JAPANESE

EXPLICIT = "explicit"
DETECTED = "detected"
CHANNEL = "channel"
GUESSED = "guessed"
DEFAULT = "default"


@dataclass(frozen=True)
class LanguageState:
    """The answer language and how it was set."""

    language: str = DEFAULT_LANGUAGE
    source: str = DEFAULT


def resolve_language(
    current: LanguageState,
    *,
    chosen: Optional[str] = None,
    detected: Optional[str] = None,
    preferred: Optional[str] = None,
    likely: Optional[str] = None,
) -> LanguageState:
    """Returns the answer language after one message.

    Args:
        current: the state before the message.
        chosen: a language the resident explicitly asked for in this message.
        detected: the language the message is clearly written in, if any.
        preferred: the channel's preferred language (message metadata).
        likely: the language an unclear message leans to; used only while
            nothing else is known (a first "real human?" is answered in English).

    Returns:
        The new state.
    """
    if chosen:
        return LanguageState(chosen, EXPLICIT)
    if current.source == EXPLICIT:
        return current
    if detected:
        if detected == JAPANESE and current.language == EASY_JAPANESE:
            # Residents who read easy Japanese still write ordinary Japanese.
            return current
        if detected == JAPANESE and preferred == EASY_JAPANESE:
            # The same resident, on the website with easy Japanese chosen there.
            return LanguageState(EASY_JAPANESE, DETECTED)
        return LanguageState(detected, DETECTED)
    if current.source == DETECTED:
        return current
    if preferred:
        return LanguageState(preferred, CHANNEL)
    if likely and current.source in (DEFAULT, GUESSED):
        return LanguageState(likely, GUESSED)
    return current
