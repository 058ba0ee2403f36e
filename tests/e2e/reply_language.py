"""Which answer language a bot reply is written in, judged by the domain's own texts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Pattern, Set, Tuple

from tests.domain_helpers import merged_domain

_PLACEHOLDER = re.compile(r"\\\{[a-z_]+\\\}")


@lru_cache(maxsize=1)
def _patterns() -> List[Tuple[str, str, Pattern[str]]]:
    """(response, language, regex) for every text variation; placeholders match anything."""
    patterns = []
    for name, variations in merged_domain().responses.items():
        for variation in variations:
            languages = [
                condition["value"]
                for condition in variation.get("condition") or []
                if condition.get("name") == "language"
            ]
            pattern = _PLACEHOLDER.sub(".*?", re.escape(variation.get("text") or ""))
            patterns.append(
                (name, languages[0] if languages else "ja", re.compile(pattern, re.DOTALL))
            )
    return patterns


def reply_languages(text: str) -> Set[str]:
    """The answer languages whose variation of some response is exactly `text`."""
    return {language for _, language, pattern in _patterns() if pattern.fullmatch(text)}


def reply_responses(text: str) -> Dict[str, str]:
    """response name -> language for every variation matching `text` exactly."""
    return {name: language for name, language, pattern in _patterns() if pattern.fullmatch(text)}
