"""Engineering words a town employee should never meet on a staff page or download."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, List

# Case-sensitive "REST" (the channel's name); the others in any case.
FORBIDDEN = [re.compile(r"\bREST\b")] + [
    re.compile(re.escape(word), re.IGNORECASE)
    for word in (
        "ask_",
        "make train",
        "data/nlu",
        "intent",
        "ファイル:",
        "ファイル：",
        ".yml",
        ".tar.gz",
        "rasa",
        "checksum",
    )
]
VISIBLE_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}


class VisibleText(HTMLParser):
    """The text a person sees (and hears from a screen reader) on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: List[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: List[Any]) -> None:
        self.parts.extend(value or "" for name, value in attrs if name in VISIBLE_ATTRIBUTES)


def visible_text(html: str) -> str:
    """The text of `html` a person sees or hears, without markup and option values."""
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def engineering_words(text: str) -> List[str]:
    """Every forbidden word found in `text` ([] when it is plain Japanese)."""
    return [match.group(0) for pattern in FORBIDDEN for match in pattern.finditer(text)]
