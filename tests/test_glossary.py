"""Answers use the glossary's terms (data/glossary.yml) in every language."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Union

import pytest
import yaml

from tests.domain_helpers import ROOT, merged_domain
from tests.test_training_data import (
    SINGLE_TEXT_RESPONSES,
    TRANSLATED_LANGUAGES,
    language_variations,
)

# Lines the lead rewrites in the same change (the {next_opening} sentences);
# their terms follow the glossary once merged.
Forms = Union[str, Sequence[str]]


def glossary() -> List[Dict[str, Any]]:
    return yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]


def forms(value: Forms) -> List[str]:
    return [value] if isinstance(value, str) else list(value)


def answers() -> List[str]:
    return sorted(set(merged_domain().responses) - SINGLE_TEXT_RESPONSES)


def test_every_term_has_a_reason_and_known_languages() -> None:
    for term in glossary():
        assert term["ja"] and term["reason"], term
        assert set(term.get("use") or {}) | set(term.get("avoid") or {}) <= set(
            TRANSLATED_LANGUAGES
        ), term


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_answers_use_the_chosen_rendering(language: str) -> None:
    missing = []
    for name in answers():
        variations = language_variations(name)
        original, translated = variations["ja"]["text"], variations[language]["text"].lower()
        for term in glossary():
            wanted = (term.get("use") or {}).get(language)
            if wanted and term["ja"] in original:
                if not any(form.lower() in translated for form in forms(wanted)):
                    missing.append((name, term["ja"], wanted))
    assert not missing


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_answers_and_buttons_avoid_rejected_renderings(language: str) -> None:
    found = []
    for name in answers():
        variation = language_variations(name)[language]
        shown = " ".join(
            [variation["text"], *(b["title"] for b in variation.get("buttons") or [])]
        ).lower()
        for term in glossary():
            for rejected in forms((term.get("avoid") or {}).get(language) or []):
                if rejected.lower() in shown:
                    found.append((name, rejected))
    assert not found


def test_every_term_occurs_in_a_japanese_answer() -> None:
    japanese = [language_variations(name)["ja"]["text"] for name in answers()]
    unused = [term["ja"] for term in glossary() if not any(term["ja"] in t for t in japanese)]
    assert not unused
