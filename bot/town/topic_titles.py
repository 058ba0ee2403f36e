"""town/topic_titles/<language>.yml: the topics' button titles.

The titles name the intents residents can ask about ("もしかして…" buttons, the
LINE rich menu, the staff inbox). They are keyed by the model's intents, so
they stay with this repository's town/ folder (TOWN_DIR does not move them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from bot.language.codes import DEFAULT_LANGUAGE, answer_language_or_default
from bot.town.files import DEFAULT_TOWN_DIR, TownFactsError, read_yaml_mapping

TITLES_DIR = DEFAULT_TOWN_DIR / "topic_titles"


@dataclass(frozen=True)
class TopicTitles:
    """Button titles of one language."""

    topics: Mapping[str, str]
    none_of_these: str


def load_topic_titles(language: str, directory: Path = TITLES_DIR) -> TopicTitles:
    """Loads the titles of `language` (Japanese if it has none).

    Args:
        language: an answer language code; others fall back to Japanese.
        directory: the folder of the title files.

    Raises:
        TownFactsError: the file is unreadable or lacks `topics` or `none_of_these`.
    """
    path = directory / f"{answer_language_or_default(language)}.yml"
    if not path.is_file():
        path = directory / f"{DEFAULT_LANGUAGE}.yml"
    entry = read_yaml_mapping(path)
    try:
        return TopicTitles(topics=entry["topics"], none_of_these=entry["none_of_these"])
    except KeyError as error:
        raise TownFactsError(f"{path.name} lacks the key {error}.") from error
