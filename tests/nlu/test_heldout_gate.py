"""The quality gate: the trained model on questions it was never trained on.

tests/nlu/heldout_ja.yml is never used for training. Gates (issue #2): intent
accuracy >= 0.95 on every in-scope question (an in-scope question sent to
nlu_fallback counts as an error), and out-of-scope questions routed >= 0.90:
predicted as an intent whose rule runs action_route_to_office (out_of_scope,
nlu_fallback, request_human, deny), never answered with a topic. Accuracy on
the policy/office topics and on the conversational intents is reported
separately. The numbers are written to results/nlu-heldout.json.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

pytestmark = pytest.mark.model

HELDOUT = Path(__file__).with_name("heldout_ja.yml")
TRAINING_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
RULES = Path(__file__).resolve().parents[2] / "data" / "rules"
ROUTING_ACTION = "action_route_to_office"


def routed_intents() -> Set[str]:
    """Intents whose one-turn rule hands the resident to the office."""
    routed = {"nlu_fallback"}
    for path in RULES.glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            steps = rule["steps"]
            if any(step.get("action") == ROUTING_ACTION for step in steps):
                routed |= {step["intent"] for step in steps if "intent" in step}
    return routed


ROUTED = routed_intents()
ACCURACY_GATE = 0.95
ROUTING_GATE = 0.90


@dataclass(frozen=True)
class Prediction:
    text: str
    expected: str
    predicted: str
    confidence: float


@pytest.fixture(scope="module")
def predictions(trained_model: Path) -> List[Prediction]:
    agent = Agent.load(str(trained_model))
    examples = load_data(str(HELDOUT)).intent_examples

    async def parse_all() -> List[Prediction]:
        results = []
        for example in examples:
            parsed = await agent.parse_message(example.get("text"))
            results.append(
                Prediction(
                    text=example.get("text"),
                    expected=example.get("intent"),
                    predicted=parsed["intent"]["name"],
                    confidence=float(parsed["intent"]["confidence"]),
                )
            )
        return results

    return asyncio.run(parse_all())


def _split(predictions: List[Prediction]) -> Tuple[List[Prediction], List[Prediction]]:
    in_scope = [p for p in predictions if p.expected != "out_of_scope"]
    out_of_scope = [p for p in predictions if p.expected == "out_of_scope"]
    return in_scope, out_of_scope


def is_topic(intent: str) -> bool:
    """Policy and office topics, as opposed to conversational intents."""
    return intent.startswith("ask_") and intent != "ask_capabilities"


def _accuracy(predictions: List[Prediction]) -> float:
    return sum(p.predicted == p.expected for p in predictions) / len(predictions)


def _report(predictions: List[Prediction], results_dir: Path) -> Dict[str, object]:
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
    (results_dir / "nlu-heldout.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return report


def test_heldout_covers_every_intent_with_five_questions() -> None:
    counts = Counter(example.get("intent") for example in load_data(str(HELDOUT)).intent_examples)
    trained = {example.get("intent") for example in load_data(str(TRAINING_DATA)).intent_examples}
    assert set(counts) == trained
    assert min(counts.values()) >= 5


def test_heldout_questions_are_not_in_the_training_data() -> None:
    trained = {e.get("text") for e in load_data(str(TRAINING_DATA)).intent_examples}
    heldout = {e.get("text") for e in load_data(str(HELDOUT)).intent_examples}
    assert not trained & heldout


def test_intent_accuracy_gate(predictions: List[Prediction], results_dir: Path) -> None:
    report = _report(predictions, results_dir)
    assert report["intent_accuracy"] >= ACCURACY_GATE, report["confusions"]


def test_out_of_scope_routing_gate(predictions: List[Prediction], results_dir: Path) -> None:
    report = _report(predictions, results_dir)
    assert report["out_of_scope_routed"] >= ROUTING_GATE, [
        (p.text, p.predicted) for p in _split(predictions)[1] if p.predicted not in ROUTED
    ]


def test_routing_covers_the_office_intents() -> None:
    assert {"out_of_scope", "nlu_fallback", "request_human"} <= ROUTED
    assert not any(intent.startswith("ask_") for intent in ROUTED)
