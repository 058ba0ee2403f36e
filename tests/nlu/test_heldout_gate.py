"""The quality gate: the trained model on questions it was never trained on.

tests/nlu/heldout/<language>.yml is never used for training (a test in
tests/test_training_data.py enforces it). Gates, per language: intent
accuracy on in-scope questions >= 0.96 for Japanese and >= 0.95 for the others
(an in-scope question sent to nlu_fallback or unsupported_language counts as
an error), and out-of-scope questions routed >= 0.95: predicted as an intent
whose rule runs action_route_to_office (out_of_scope, nlu_fallback,
request_human, deny), never answered with a topic. The numbers are written to
results/nlu-heldout.json; the reply language is checked over REST in
tests/e2e/test_reply_language.py.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from bot.dialogue.intent_roles import is_topic, routed_intents
from bot.language.codes import INPUT_LANGUAGES

pytestmark = pytest.mark.model

HELDOUT_DIR = Path(__file__).with_name("heldout")
LANGUAGES = INPUT_LANGUAGES
TRAINING_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
# Enough questions that one error moves a score by at most ~2 points (in
# scope, ~170 per language) or ~2 points (out of scope, 55+ per language).
MIN_QUESTIONS_PER_INTENT = 5
MIN_OUT_OF_SCOPE_QUESTIONS = 55


ROUTED = routed_intents()
RESULTS = Path(__file__).resolve().parents[2] / "results"
ACCURACY_GATES = {"ja": 0.96, "en": 0.95, "pt": 0.95, "vi": 0.95, "zh": 0.95, "ko": 0.95}
ROUTING_GATE = 0.95


@dataclass(frozen=True)
class Prediction:
    language: str
    text: str
    expected: str
    predicted: str
    confidence: float


def heldout_examples(language: str) -> List[Tuple[str, str]]:
    """(text, intent) pairs of one language's held-out file."""
    examples = load_data(str(HELDOUT_DIR / f"{language}.yml")).intent_examples
    return [(example.get("text"), example.get("intent")) for example in examples]


@pytest.fixture(scope="module")
def predictions(trained_model: Path) -> Dict[str, List[Prediction]]:
    agent = Agent.load(str(trained_model))

    async def parse(language: str) -> List[Prediction]:
        results = []
        for text, intent in heldout_examples(language):
            parsed = await agent.parse_message(text)
            results.append(
                Prediction(
                    language=language,
                    text=text,
                    expected=intent,
                    predicted=parsed["intent"]["name"],
                    confidence=float(parsed["intent"]["confidence"]),
                )
            )
        return results

    async def parse_all() -> Dict[str, List[Prediction]]:
        return {language: await parse(language) for language in LANGUAGES}

    found = asyncio.run(parse_all())
    RESULTS.mkdir(exist_ok=True)
    report = {language: _report(found[language]) for language in LANGUAGES}
    (RESULTS / "nlu-heldout.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return found


def _split(predictions: List[Prediction]) -> Tuple[List[Prediction], List[Prediction]]:
    in_scope = [p for p in predictions if p.expected != "out_of_scope"]
    out_of_scope = [p for p in predictions if p.expected == "out_of_scope"]
    return in_scope, out_of_scope


def _accuracy(predictions: List[Prediction]) -> float:
    return sum(p.predicted == p.expected for p in predictions) / len(predictions)


def _report(predictions: List[Prediction]) -> Dict[str, object]:
    in_scope, out_of_scope = _split(predictions)
    topics = [p for p in in_scope if is_topic(p.expected)]
    conversation = [p for p in in_scope if not is_topic(p.expected)]
    routed = sum(p.predicted in ROUTED for p in out_of_scope) / len(out_of_scope)
    errors = [
        p.__dict__
        for p in predictions
        if p.predicted != p.expected
        and not (p.expected == "out_of_scope" and p.predicted in ROUTED)
    ]
    report = {
        "topic_questions": len(topics),
        "topic_accuracy": round(_accuracy(topics), 4),
        "conversation_questions": len(conversation),
        "conversation_accuracy": round(_accuracy(conversation), 4),
        "in_scope_questions": len(in_scope),
        "intent_accuracy": round(_accuracy(in_scope), 4),
        "in_scope_sent_to_fallback": sum(p.predicted == "nlu_fallback" for p in in_scope),
        "out_of_scope_questions": len(out_of_scope),
        "out_of_scope_routed": round(routed, 4),
        "routed_intents": sorted(ROUTED),
        "confusions": Counter(f"{e['expected']} -> {e['predicted']}" for e in errors),
        "errors": errors,
    }
    return report


@pytest.mark.parametrize("language", LANGUAGES)
def test_intent_accuracy_gate(language: str, predictions: Dict[str, List[Prediction]]) -> None:
    report = _report(predictions[language])
    assert report["intent_accuracy"] >= ACCURACY_GATES[language], report["confusions"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_out_of_scope_routing_gate(language: str, predictions: Dict[str, List[Prediction]]) -> None:
    report = _report(predictions[language])
    assert report["out_of_scope_routed"] >= ROUTING_GATE, [
        (p.text, p.predicted) for p in _split(predictions[language])[1] if p.predicted not in ROUTED
    ]
