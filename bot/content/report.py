"""The sign-off report: per language, every answer with its source and the source's text.

One Markdown file per answer language (docs/sign-off/<language>.md), for the
town to check line by line. Town facts still waiting for the town's
confirmation are marked.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Dict, List, Sequence

import yaml

from bot.content.sources import RESPONSES_DIR, AnswerSource, load_sources, town_value
from bot.language.codes import ANSWER_LANGUAGES
from bot.town.confirmations import pending_confirmations
from bot.town.files import TownFactsError

logger = logging.getLogger(__name__)

LANGUAGES = ANSWER_LANGUAGES
LANGUAGE_NAMES = {
    "ja": "日本語",
    "easy_ja": "やさしい日本語",
    "en": "English",
    "pt": "Português",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "ko": "한국어",
}
UNCONFIRMED = "（町の確認待ち）"


def _cell(text: str) -> str:
    return text.strip().replace("|", "\\|").replace("\n", "<br>")


def answer_texts(folder: Path = RESPONSES_DIR) -> Dict[str, Dict[str, str]]:
    """Response name → language → answer text (buttons as 「[title]」)."""
    found: Dict[str, Dict[str, str]] = {}
    for path in sorted(folder.glob("*.yml")):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variations in responses.items():
            for variation in variations:
                languages = [
                    c["value"]
                    for c in variation.get("condition") or []
                    if c.get("name") == "language"
                ]
                buttons = " ".join(f"[{b['title']}]" for b in variation.get("buttons") or [])
                text = variation.get("text", "") + (f"\n{buttons}" if buttons else "")
                found.setdefault(name, {})[languages[0] if languages else "ja"] = text
    return found


def _source_rows(entry: AnswerSource, town: Path, pending: Sequence[str]) -> List[List[str]]:
    rows = [["seed", quote] for quote in entry.seed]
    for key in entry.town:
        try:
            value = str(town_value(key, town))
        except (KeyError, TownFactsError):
            value = "(missing)"
        file, _, name = key.partition(":")
        mark = UNCONFIRMED if file in pending or key in pending else ""
        rows.append([f"town/{key}{mark}", value])
    if entry.note:
        rows.append(["note", entry.note])
    return rows


def language_report(language: str, town: Path) -> str:
    """The Markdown sign-off table of one answer language.

    Args:
        language: an answer language code.
        town: the town folder.

    Returns:
        The Markdown text.
    """
    sources = load_sources()
    pending = [
        fact.file
        if fact.flag == "confirmed"
        else f"{fact.file}:{fact.flag.removesuffix('_confirmed')}"
        for fact in pending_confirmations(town)
    ]
    lines = [
        f"# Sign-off: answers in {LANGUAGE_NAMES[language]} ({language})",
        "",
        "Written by `make sign-off` (python -m bot.content report) from data/responses,",
        "data/sources, the town files and the seed. Do not edit by hand.",
        f"{UNCONFIRMED} marks town facts the policy page does not state.",
        "",
        "| answer | text | source | source text |",
        "|---|---|---|---|",
    ]
    for name, texts in answer_texts().items():
        text = texts.get(language) or texts.get("ja", "")
        entry = sources.get(name, AnswerSource(name))
        rows = _source_rows(entry, town, pending) or [["(none)", ""]]
        for index, (source, source_text) in enumerate(rows):
            first = [f"`{name}`", _cell(text)] if index == 0 else ["", ""]
            lines.append("| " + " | ".join([*first, _cell(source), _cell(source_text)]) + " |")
    return "\n".join(lines) + "\n"


def write_reports(out: Path, town: Path) -> List[Path]:
    """Writes docs/sign-off/<language>.md for every answer language.

    Returns:
        The files written.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        path = out / f"{language}.md"
        path.write_text(language_report(language, town), encoding="utf-8")
        written.append(path)
    return written
