"""The domain and training data are complete and consistent.

`rasa data validate` runs in `make test`; these tests add what it cannot
know: which responses are sent by custom actions, and the data rules of the
project (every topic answered, enough varied examples).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, Set

import pytest
import yaml
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.loading import load_data

from bot.dialogue.intent_roles import PAYLOAD_ONLY_INTENTS, SIGNAL_INTENTS
from bot.language.codes import ANSWER_LANGUAGES, INPUT_LANGUAGES, JAPANESE
from bot.nlp.normalize import normalize_text
from bot.town.contact import load_contact
from bot.town.files import DEFAULT_TOWN_DIR
from bot.town.topic_titles import load_topic_titles
from tests.domain_helpers import ROOT, merged_domain, topic_intents

MIN_EXAMPLES_PER_INTENT = 15


def responses_sent_by_actions() -> Set[str]:
    pattern = re.compile(r'"(utter_[a-z_]+)"')
    return {
        name
        for path in (ROOT / "actions").glob("*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def responses_in_rules_and_stories() -> Set[str]:
    domain = merged_domain()
    reader = YAMLStoryReader(domain)
    used = set()
    for path in list((ROOT / "data" / "rules").glob("*.yml")) + list(
        (ROOT / "data" / "stories").glob("*.yml")
    ):
        for step in reader.read_from_file(str(path)):
            used |= {getattr(event, "action_name", None) for event in step.events}
    return {name for name in used if name and name.startswith("utter_")}


def test_every_response_is_sent_by_a_rule_or_an_action() -> None:
    unused = set(merged_domain().responses) - responses_in_rules_and_stories()
    assert unused <= responses_sent_by_actions(), unused - responses_sent_by_actions()


def test_every_response_an_action_sends_exists() -> None:
    assert responses_sent_by_actions() <= set(merged_domain().responses)


def test_every_intent_has_enough_examples() -> None:
    counts = Counter(
        example.get("intent") for example in load_data(str(ROOT / "data" / "nlu")).intent_examples
    )
    declared = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    assert set(counts) == set(declared) - UNTRAINED_INTENTS
    thin = {intent: n for intent, n in counts.items() if n < MIN_EXAMPLES_PER_INTENT}
    assert not thin


def test_every_topic_has_a_one_turn_rule() -> None:
    domain = merged_domain()
    reader = YAMLStoryReader(domain)
    ruled = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for step in reader.read_from_file(str(path)):
            ruled |= {event.intent_name for event in step.events if hasattr(event, "intent_name")}
    assert set(topic_intents()) <= ruled


def test_facts_of_the_seed_are_quoted_exactly() -> None:
    responses = merged_domain().responses
    text = "\n".join(v["text"] for variations in responses.values() for v in variations)
    for fact in (
        "愛着と誇り。人とまちが共に輝く みらい創生のまち。",
        "令和5年度から令和7年度まで",
        "2023年07月07日",
        "愛荘町デジタル社会推進本部",
        "第2次愛荘町総合計画(後期計画)",
        "OODA(ウーダ)ループ",
    ):
        assert fact in text, fact


def test_contact_facts_are_written_only_in_the_town_file() -> None:
    """What the bot says never hard-codes contact data: it comes from town/contact.yml.

    The facts are read from the real file, whatever the town has written there.

    (Residents' example questions in data/nlu may mention a number; answers may not.)
    """
    contact = load_contact(DEFAULT_TOWN_DIR)
    # The phone number without its last group ("0749-42"), as in a typo'd copy.
    facts = (contact.phone.rsplit("-", 1)[0], contact.fax, contact.postal_code, contact.address)
    answers = "\n".join(
        variation.get("text") or ""
        for variations in merged_domain().responses.values()
        for variation in variations
    )
    sources = [(ROOT / "domain.yml", answers)] + [
        (path, path.read_text(encoding="utf-8")) for path in (ROOT / "actions").glob("*.py")
    ]
    for path, text in sources:
        for fact in facts:
            assert fact not in text, (path, fact)


# Responses that are one bilingual text on purpose.
SINGLE_TEXT_RESPONSES = frozenset({"utter_unsupported_language"})
# Intents no resident message is trained for (set by components and channels,
# or only the payload of the bot's own buttons).
UNTRAINED_INTENTS = SIGNAL_INTENTS | PAYLOAD_ONLY_INTENTS
TRANSLATED_LANGUAGES = tuple(language for language in ANSWER_LANGUAGES if language != JAPANESE)
TRANSLATED_INPUT_LANGUAGES = tuple(language for language in INPUT_LANGUAGES if language != JAPANESE)
MIN_EXAMPLES_PER_INTENT_PER_LANGUAGE = 12
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Renderings of town facts a translation may add (town/contact.yml): the
# address in romaji, readings of the office name and the address.
RENDERING_PLACEHOLDERS = frozenset(
    {"{address_romaji}", "{office_name_reading}", "{address_reading}"}
)
# A run of kanji in easy Japanese must be followed by its reading: 町（まち）.
KANJI_WITHOUT_READING = re.compile(r"[\u4e00-\u9fff々]+(?![\u4e00-\u9fff々（])")
LINE_LABEL_LIMIT = 20


def language_variations(name: str) -> Dict[str, Dict[str, Any]]:
    """The variations of a response by language ("ja" = unconditioned)."""
    found = {}
    for variation in merged_domain().responses[name]:
        conditions = variation.get("condition") or []
        languages = [c["value"] for c in conditions if c.get("name") == "language"]
        found[languages[0] if languages else "ja"] = variation
    return found


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_response_exists_in_every_language(language: str) -> None:
    missing = [
        name
        for name in merged_domain().responses
        if name not in SINGLE_TEXT_RESPONSES and language not in language_variations(name)
    ]
    assert not missing


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_placeholders_and_buttons(language: str) -> None:
    for name in set(merged_domain().responses) - SINGLE_TEXT_RESPONSES:
        variations = language_variations(name)
        original, translated = variations["ja"], variations[language]
        original_placeholders = set(PLACEHOLDER.findall(original["text"]))
        added = set(PLACEHOLDER.findall(translated["text"])) - original_placeholders
        assert original_placeholders <= set(PLACEHOLDER.findall(translated["text"])), name
        assert added <= RENDERING_PLACEHOLDERS, (name, added)
        payloads = [button["payload"] for button in original.get("buttons") or []]
        assert [button["payload"] for button in translated.get("buttons") or []] == payloads, name
        for button in translated.get("buttons") or []:
            assert len(button["title"]) <= LINE_LABEL_LIMIT, (name, button["title"])


def test_easy_japanese_gives_the_reading_of_every_kanji() -> None:
    for name in set(merged_domain().responses) - SINGLE_TEXT_RESPONSES:
        text = PLACEHOLDER.sub("", language_variations(name)["easy_ja"]["text"])
        assert not KANJI_WITHOUT_READING.findall(text), (name, KANJI_WITHOUT_READING.findall(text))


@pytest.mark.parametrize("language", ("ja", *TRANSLATED_LANGUAGES))
def test_suggestion_titles_exist_for_every_language(language: str) -> None:
    titles = load_topic_titles(language)
    assert set(titles.topics) == set(load_topic_titles("ja").topics)
    for title in [*titles.topics.values(), titles.none_of_these]:
        assert 0 < len(title) <= LINE_LABEL_LIMIT, title


@pytest.mark.parametrize("language", TRANSLATED_INPUT_LANGUAGES)
def test_every_intent_has_examples_in_every_language(language: str) -> None:
    counts = Counter(
        example.get("intent")
        for example in load_data(str(ROOT / "data" / "nlu" / language)).intent_examples
    )
    declared = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    assert set(counts) == set(declared) - UNTRAINED_INTENTS
    thin = {i: n for i, n in counts.items() if n < MIN_EXAMPLES_PER_INTENT_PER_LANGUAGE}
    assert not thin


def test_held_out_questions_are_never_trained_on() -> None:
    trained = {
        normalize_text(example.get("text"))
        for example in load_data(str(ROOT / "data" / "nlu")).intent_examples
    }
    for path in (ROOT / "tests" / "nlu" / "heldout").glob("*.yml"):
        leaked = [
            example.get("text")
            for example in load_data(str(path)).intent_examples
            if normalize_text(example.get("text")) in trained
        ]
        assert not leaked, (path.name, leaked)
