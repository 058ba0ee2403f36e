"""The linear intent classifier as a Rasa component: train, save, load, classify."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.ginza_nlp import GinzaNLP
from bot.components.linear_intent_classifier import LinearIntentClassifier
from bot.components.text_normalizer import JapaneseTextNormalizer

EXAMPLES = {
    "ask_policy_period": ["計画期間はいつまで", "ポリシーの期間を教えて", "いつまでの計画ですか"],
    "ask_contact": ["問い合わせ先を教えて", "電話番号は", "連絡先が知りたい"],
    "out_of_scope": ["ゴミの日はいつ", "明日の天気", "バスの時刻表"],
}


@pytest.fixture(autouse=True)
def private_fit_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fits are cached under the test's own folder, not the project's .rasa/."""
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(tmp_path / "rasa-cache"))


@pytest.fixture(scope="module")
def ginza() -> GinzaNLP:
    return GinzaNLP.create({}, None, None, None)  # type: ignore[arg-type]


def _context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="classifier")  # type: ignore[arg-type]


def _prepared(messages: List[Message], ginza: GinzaNLP) -> List[Message]:
    JapaneseTextNormalizer().process(messages)
    return ginza.process(messages, ginza.provide())


def _training_data(ginza: GinzaNLP) -> TrainingData:
    messages = [
        Message(data={TEXT: text, INTENT: intent})
        for intent, texts in EXAMPLES.items()
        for text in texts
    ]
    return TrainingData(_prepared(messages, ginza))


def _config(**overrides: Any) -> Dict[str, Any]:
    return {**LinearIntentClassifier.get_default_config(), **overrides}


def _trained(tmp_path: Path, ginza: GinzaNLP, **overrides: Any) -> LinearIntentClassifier:
    classifier = LinearIntentClassifier.create(
        _config(**overrides), LocalModelStorage(tmp_path), Resource("linear"), _context()
    )
    classifier.train(_training_data(ginza))
    return classifier


def _classify(classifier: LinearIntentClassifier, ginza: GinzaNLP, text: str) -> Message:
    message = Message(data={TEXT: text})
    classifier.process(_prepared([message], ginza))
    return message


def test_ginza_loads_only_the_tokenizer(ginza: GinzaNLP) -> None:
    assert ginza.provide().model.pipe_names == []
    assert ginza.provide().model_name == "ja_ginza[tokenizer]"


def test_a_hiragana_question_gets_the_kanji_topic(tmp_path: Path, ginza: GinzaNLP) -> None:
    message = _classify(_trained(tmp_path, ginza), ginza, "けいかくきかんは？")
    assert message.get(INTENT)["name"] == "ask_policy_period"
    ranking = message.get("intent_ranking")
    assert [item["name"] for item in ranking][0] == "ask_policy_period"
    assert sum(item["confidence"] for item in ranking) == pytest.approx(1.0, abs=1e-4)


def test_the_loaded_model_answers_as_the_trained_one(tmp_path: Path, ginza: GinzaNLP) -> None:
    trained = _trained(tmp_path, ginza)
    loaded = LinearIntentClassifier.load(
        _config(), LocalModelStorage(tmp_path), Resource("linear"), _context()
    )
    for text in ("でんわばんごう", "ごみ", "期間"):
        before = _classify(trained, ginza, text).get("intent_ranking")
        after = _classify(loaded, ginza, text).get("intent_ranking")
        assert [item["name"] for item in after] == [item["name"] for item in before]
        assert [item["confidence"] for item in after] == pytest.approx(
            [item["confidence"] for item in before], abs=1e-6
        )


def test_ranking_length_cuts_the_ranking(tmp_path: Path, ginza: GinzaNLP) -> None:
    message = _classify(_trained(tmp_path, ginza, ranking_length=2), ginza, "期間")
    assert len(message.get("intent_ranking")) == 2


def test_a_blank_message_is_left_to_the_fallback(tmp_path: Path, ginza: GinzaNLP) -> None:
    assert _classify(_trained(tmp_path, ginza), ginza, "").get(INTENT) is None


def test_a_button_payload_gets_an_intent_for_the_fallback_to_read(
    tmp_path: Path, ginza: GinzaNLP
) -> None:
    """Rasa's RegexMessageHandler replaces it later; FallbackClassifier needs one."""
    message = _classify(_trained(tmp_path, ginza), ginza, '/choose_language{"language": "ko"}')
    assert message.get(INTENT)["name"] in EXAMPLES


def test_a_kind_that_cannot_be_saved_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(InvalidConfigException, match="cannot save"):
        LinearIntentClassifier.create(
            _config(kind="complement_nb"), LocalModelStorage(tmp_path), Resource("x"), _context()
        )


def test_training_with_one_intent_says_what_is_missing(tmp_path: Path, ginza: GinzaNLP) -> None:
    classifier = LinearIntentClassifier.create(
        _config(), LocalModelStorage(tmp_path), Resource("x"), _context()
    )
    data = TrainingData(_prepared([Message(data={TEXT: "期間", INTENT: "greet"})], ginza))
    with pytest.raises(InvalidConfigException, match="at least two intents"):
        classifier.train(data)
