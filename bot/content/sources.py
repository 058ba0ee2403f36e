"""Where each answer comes from: data/sources/<topic>.yml beside data/responses/.

Each response names the seed sentences it rests on (quoted exactly; only
whitespace may differ) and the town file keys it reads (`contact.yml:phone`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.town.files import read_yaml_mapping

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES_DIR = ROOT / "data" / "sources"
RESPONSES_DIR = ROOT / "data" / "responses"
# The seed: a saved text copy of the town's policy page (not shipped with the
# repository; the test that checks quotes against it skips when it is absent).
SEED_URL = "https://www.town.aisho.shiga.jp/soshiki/keiei/4/1/jyouhouseisaku/digital-transformation/10627.html"
SEED_FILE = ROOT.parent / "shared" / "seed" / "000_79bb36231ca14b61.txt"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class AnswerSource:
    """What one response rests on."""

    response: str
    seed: Tuple[str, ...] = ()
    town: Tuple[str, ...] = ()
    note: str = ""


@dataclass
class SourceProblems:
    """Quotes not in the seed, town keys that do not exist, answers without a source."""

    missing_quotes: List[Tuple[str, str]] = field(default_factory=list)
    missing_keys: List[Tuple[str, str]] = field(default_factory=list)
    unsourced: List[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing_quotes or self.missing_keys or self.unsourced)


def normalize(text: str) -> str:
    """The text without any whitespace (the seed's spacing is irregular)."""
    return _WHITESPACE.sub("", text)


def load_sources(folder: Path = SOURCES_DIR) -> Dict[str, AnswerSource]:
    """Reads every data/sources/*.yml.

    Returns:
        Response name → its source.
    """
    found: Dict[str, AnswerSource] = {}
    for path in sorted(folder.glob("*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("sources") or {}
        for name, entry in entries.items():
            found[name] = AnswerSource(
                response=name,
                seed=tuple(entry.get("seed") or ()),
                town=tuple(entry.get("town") or ()),
                note=str(entry.get("note") or ""),
            )
    return found


def response_names(folder: Path = RESPONSES_DIR) -> List[str]:
    """The names of all responses in data/responses/, in file order."""
    names: List[str] = []
    for path in sorted(folder.glob("*.yml")):
        names += list(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return names


def town_value(key: str, town: Path) -> object:
    """The value of `file:key` in the town folder.

    Raises:
        KeyError: the key is not in the file.
        TownFactsError: the file is unreadable.
    """
    file, _, name = key.partition(":")
    return read_yaml_mapping(town / file)[name]


def check_sources(
    sources: Dict[str, AnswerSource], responses: List[str], seed: str, town: Path
) -> SourceProblems:
    """Checks every quote against the seed and every key against the town files.

    Args:
        sources: the declared sources.
        responses: every response name (each needs an entry).
        seed: the seed's text.
        town: the town folder.

    Returns:
        What is wrong (falsy when nothing).
    """
    problems = SourceProblems()
    flat_seed = normalize(seed)
    for name in responses:
        entry = sources.get(name)
        if entry is None or not (entry.seed or entry.town or entry.note):
            problems.unsourced.append(name)
            continue
        problems.missing_quotes += [
            (name, quote) for quote in entry.seed if normalize(quote) not in flat_seed
        ]
        for key in entry.town:
            try:
                town_value(key, town)
            except (KeyError, OSError, RuntimeError):
                problems.missing_keys.append((name, key))
    return problems
