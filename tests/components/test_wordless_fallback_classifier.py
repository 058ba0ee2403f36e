"""Messages without words fall back, whatever the classifiers guessed."""

import copy
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.components.wordless_fallback_classifier import WordlessFallbackClassifier


def classified(text: str, ranking: List[Dict[str, Any]], tmp_path: Any) -> Message:
    classifier = WordlessFallbackClassifier.create(
        {**WordlessFallbackClassifier.get_default_config(), "threshold": 0.4},
        LocalModelStorage(tmp_path),
        Resource("fallback"),
        ExecutionContext(graph_schema=None, node_name="fallback"),  # type: ignore[arg-type]
    )
    ranking = copy.deepcopy(ranking)
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    return classifier.process([message])[0]


CONFIDENT_GREETING = [{"name": "greet", "confidence": 0.9}, {"name": "thank", "confidence": 0.05}]


@pytest.mark.parametrize("text", ["?", "🙂🙂🙂", "...", "!!", ""])
def test_no_words_means_fallback(text: str, tmp_path: Any) -> None:
    message = classified(text, CONFIDENT_GREETING, tmp_path)
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[1]["name"] == "greet"  # kept for suggestions


@pytest.mark.parametrize("text", ["こんにちは", "hi", "DX", "7"])
def test_confident_words_keep_their_intent(text: str, tmp_path: Any) -> None:
    assert classified(text, CONFIDENT_GREETING, tmp_path).get("intent")["name"] == "greet"


def test_low_confidence_still_falls_back(tmp_path: Any) -> None:
    ranking = [{"name": "greet", "confidence": 0.3}, {"name": "thank", "confidence": 0.2}]
    assert classified("どうも", ranking, tmp_path).get("intent")["name"] == "nlu_fallback"
