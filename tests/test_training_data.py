"""The domain and training data are complete and consistent.

`rasa data validate` runs in `make test`; these tests add what it cannot
know: which responses are sent by custom actions, and the data rules of the
project (every topic answered, enough varied examples).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Set

import yaml
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.loading import load_data

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
    assert set(counts) == set(declared)
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

    (Residents' example questions in data/nlu may mention a number; answers may not.)
    """
    contact_file = (ROOT / "town" / "contact.yml").read_text(encoding="utf-8")
    assert "0749-42-7680" in contact_file
    answers = "\n".join(
        variation.get("text") or ""
        for variations in merged_domain().responses.values()
        for variation in variations
    )
    sources = [(ROOT / "domain.yml", answers)] + [
        (path, path.read_text(encoding="utf-8")) for path in (ROOT / "actions").glob("*.py")
    ]
    for path, text in sources:
        for fact in ("0749-42", "529-1380", "愛知川72"):
            assert fact not in text, (path, fact)
