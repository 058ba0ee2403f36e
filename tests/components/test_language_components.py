"""LanguageDetector annotates messages; UnsupportedLanguageClassifier reroutes them."""

from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.components.language_detector import LANGUAGE_DETECTION, LanguageDetector
from bot.components.unsupported_language_classifier import UnsupportedLanguageClassifier


def context(name: str) -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name=name)  # type: ignore[arg-type]


def detected(text: str, tmp_path: Any) -> Dict[str, Any]:
    detector = LanguageDetector.create({}, LocalModelStorage(tmp_path), Resource("d"), context("d"))
    message = Message(data={"text": text})
    detector.process([message])
    assert LANGUAGE_DETECTION in message.as_dict(only_output_properties=True)
    return message.get(LANGUAGE_DETECTION)


@pytest.mark.parametrize(
    ("text", "language", "unsupported"),
    [
        ("Chính sách DX kéo dài đến khi nào?", "vi", None),
        ("DXポリシーの期間は？", "ja", None),
        ("ok", None, None),
        ('/choose_language{"language_choice": "en"}', None, None),
        ("¿Cuál es el período de la política DX?", None, "es"),
    ],
)
def test_detector_writes_the_language_to_the_parse_data(
    text: str, language: str, unsupported: str, tmp_path: Any
) -> None:
    found = detected(text, tmp_path)
    assert (found["language"], found["unsupported"]) == (language, unsupported)


def reclassified(detection: Dict[str, Any], tmp_path: Any) -> Message:
    classifier = UnsupportedLanguageClassifier.create(
        {}, LocalModelStorage(tmp_path), Resource("u"), context("u")
    )
    ranking: List[Dict[str, Any]] = [{"name": "ask_policy_period", "confidence": 0.8}]
    message = Message(
        data={
            "text": "x",
            "intent": ranking[0],
            "intent_ranking": ranking,
            LANGUAGE_DETECTION: detection,
        }
    )
    return classifier.process([message])[0]


def test_unsupported_language_replaces_the_intent(tmp_path: Any) -> None:
    message = reclassified({"language": None, "unsupported": "es"}, tmp_path)
    assert message.get("intent") == {"name": "unsupported_language", "confidence": 1.0}
    assert [item["name"] for item in message.get("intent_ranking")] == [
        "unsupported_language",
        "ask_policy_period",
    ]


@pytest.mark.parametrize("detection", [{"language": "pt", "unsupported": None}, {}])
def test_supported_or_unclear_language_keeps_the_intent(
    detection: Dict[str, Any], tmp_path: Any
) -> None:
    assert reclassified(detection, tmp_path).get("intent")["name"] == "ask_policy_period"
