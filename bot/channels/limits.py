"""Limits every public channel applies to a resident's text before the bot sees it.

- Control characters are removed (newlines and tabs are kept; \\r\\n becomes
  \\n), and so are lone surrogates, which a JSON "\\ud800" escape can produce
  and which no database or UTF-8 encoder accepts.
- A message with nothing left but spaces is "empty": the channel asks the
  resident to type the question.
- A message longer than MAX_MESSAGE_CHARS characters (default 1,000, the
  length the NLU pipeline reads) is refused politely with the limit.

Emoji, markup (`<script>`) and SQL-like text are ordinary text: the bot
answers them as it answers anything else.
"""

from __future__ import annotations

import enum
import os
import unicodedata
from dataclasses import dataclass
from typing import Mapping

DEFAULT_MAX_MESSAGE_CHARS = 1000
KEPT_CONTROLS = frozenset("\n\t")
# Categories removed: Cc (control characters) and Cs (lone surrogates).
REMOVED_CATEGORIES = frozenset({"Cc", "Cs"})


class LimitsError(ValueError):
    """MAX_MESSAGE_CHARS is not a positive number."""


@dataclass(frozen=True)
class InputLimits:
    """How long a resident's message may be.

    Attributes:
        max_chars: the longest message passed to the bot, in characters.
    """

    max_chars: int = DEFAULT_MAX_MESSAGE_CHARS

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> InputLimits:
        """Reads MAX_MESSAGE_CHARS (default 1,000).

        Args:
            env: the environment to read.

        Returns:
            The limits.

        Raises:
            LimitsError: the value is not a positive whole number.
        """
        text = env.get("MAX_MESSAGE_CHARS", "").strip()
        if not text:
            return cls()
        try:
            value = int(text)
        except ValueError as error:
            raise LimitsError(f"MAX_MESSAGE_CHARS={text!r} must be a whole number.") from error
        if value < 1:
            raise LimitsError(f"MAX_MESSAGE_CHARS={value} must be at least 1.")
        return cls(max_chars=value)


class Verdict(enum.Enum):
    """What a channel does with a message."""

    OK = "ok"
    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class CheckedText:
    """A message after cleaning, and whether it may go to the bot.

    Attributes:
        text: the cleaned text.
        verdict: OK, EMPTY or TOO_LONG.
    """

    text: str
    verdict: Verdict


def clean_text(text: str) -> str:
    """Removes control characters (keeping newlines and tabs) and lone surrogates.

    Args:
        text: the text as received.

    Returns:
        The text without them; \\r\\n and \\r become \\n.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        char
        for char in text
        if char in KEPT_CONTROLS or unicodedata.category(char) not in REMOVED_CATEGORIES
    )


def check_text(text: str, limits: InputLimits) -> CheckedText:
    """Cleans a message and decides whether the bot may see it.

    Args:
        text: the message as received.
        limits: the length limit.

    Returns:
        The cleaned text with its verdict.
    """
    cleaned = clean_text(text)
    if not cleaned.strip():
        return CheckedText(cleaned, Verdict.EMPTY)
    if len(cleaned.strip()) > limits.max_chars:
        return CheckedText(cleaned, Verdict.TOO_LONG)
    return CheckedText(cleaned.strip(), Verdict.OK)
