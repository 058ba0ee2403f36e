"""Every other list of languages agrees with bot/language/codes.py.

The Python code imports ANSWER_LANGUAGES / INPUT_LANGUAGES; the files that
cannot (the domain, the widget's JS, YAML read by the channels and actions)
are checked here, so adding or dropping a language fails until each of them
follows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping

import pytest
import yaml

from bot.content.report import LANGUAGE_NAMES
from bot.language.codes import ANSWER_LANGUAGES, DEFAULT_LANGUAGE, INPUT_LANGUAGES, JAPANESE
from bot.town.phrases.date_formats import FORMATTERS
from bot.web.staff.render import LANGUAGE_LABELS
from tests.conftest import ROOT

STRINGS_JS = ROOT / "bot" / "web" / "static" / "chat" / "strings.js"
# A top-level key of the strings object: two spaces of indent, then `code: {`.
JS_TOP_LEVEL_KEY = re.compile(r"^  ([A-Za-z_]+): \{", re.MULTILINE)
LANGUAGE_CHOICE = re.compile(r'"language_choice":\s*"([a-z_]+)"')
# Folders of data/nlu that are not a language.
NOT_LANGUAGE_FOLDERS = frozenset({"reviewed"})


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def topic_titles_dir() -> Path:
    """The folder of the suggestion titles (one file per answer language)."""
    found = sorted({*ROOT.glob("*/topic_titles"), *ROOT.glob("*/*/topic_titles")})
    assert len(found) == 1, found
    return found[0]


def test_domain_slot_lists_the_answer_languages() -> None:
    slot = read_yaml(ROOT / "domain.yml")["slots"]["language"]
    assert slot["type"] == "categorical"
    assert slot["values"] == list(ANSWER_LANGUAGES)
    assert slot["initial_value"] == DEFAULT_LANGUAGE


def test_widget_strings_have_one_entry_per_answer_language() -> None:
    keys = JS_TOP_LEVEL_KEY.findall(STRINGS_JS.read_text(encoding="utf-8"))
    assert keys == list(ANSWER_LANGUAGES)


def test_language_buttons_offer_every_answer_language() -> None:
    responses = read_yaml(ROOT / "data" / "responses" / "language.yml")["responses"]
    for variation in responses["utter_choose_language"]:
        payloads = [button["payload"] for button in variation["buttons"]]
        choices = [LANGUAGE_CHOICE.search(payload).group(1) for payload in payloads]
        assert choices == list(ANSWER_LANGUAGES), variation.get("condition")


def test_rich_menu_has_every_answer_language() -> None:
    menu = read_yaml(ROOT / "bot" / "channels" / "line_richmenu.yml")
    assert set(menu["languages"]) == set(ANSWER_LANGUAGES)


@pytest.mark.parametrize("notice", sorted(read_yaml(ROOT / "bot" / "channels" / "notices.yml")))
def test_every_notice_exists_in_every_answer_language(notice: str) -> None:
    texts = read_yaml(ROOT / "bot" / "channels" / "notices.yml")[notice]
    assert set(texts) == set(ANSWER_LANGUAGES)


def test_topic_titles_have_one_file_per_answer_language() -> None:
    stems = {path.stem for path in topic_titles_dir().glob("*.yml")}
    assert stems == set(ANSWER_LANGUAGES)


def test_glossary_names_only_answer_languages() -> None:
    for term in read_yaml(ROOT / "data" / "glossary.yml")["terms"]:
        used: Dict[str, Any] = {**term.get("use", {}), **term.get("avoid", {})}
        assert set(used) <= set(ANSWER_LANGUAGES) - {JAPANESE}, term["ja"]


def test_holiday_names_name_only_answer_languages() -> None:
    names: Mapping[str, Mapping[str, str]] = read_yaml(
        ROOT / "bot" / "town" / "phrases" / "holiday_names.yml"
    )
    substitute = names["_substitute"]
    assert set(substitute) == set(ANSWER_LANGUAGES)
    for holiday, translations in names.items():
        assert set(translations) <= set(ANSWER_LANGUAGES), holiday


def test_training_and_heldout_files_cover_the_input_languages() -> None:
    translated: List[str] = [code for code in INPUT_LANGUAGES if code != JAPANESE]
    folders = {
        path.name
        for path in (ROOT / "data" / "nlu").iterdir()
        if path.is_dir() and path.name not in NOT_LANGUAGE_FOLDERS
    }
    assert folders == set(translated)
    heldout = {path.stem for path in (ROOT / "tests" / "nlu" / "heldout").glob("*.yml")}
    assert heldout == set(INPUT_LANGUAGES)


@pytest.mark.parametrize(
    "by_language",
    [FORMATTERS, LANGUAGE_NAMES, LANGUAGE_LABELS],
    ids=["date formats", "content report names", "staff labels"],
)
def test_tables_by_language_have_every_answer_language(by_language: Mapping[str, Any]) -> None:
    assert set(by_language) == set(ANSWER_LANGUAGES)
