"""The reading featurizer makes kanji and kana spellings look alike to DIET."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.kana_reading_featurizer import KanaReadingFeaturizer
from bot.components.text_normalizer import JapaneseTextNormalizer


@pytest.fixture(scope="module")
def spacy_nlp() -> SpacyNLP:
    config = {**SpacyNLP.get_default_config(), "model": "ja_ginza", "case_sensitive": True}
    return SpacyNLP.create(config, None, None, None)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def spacy_model(spacy_nlp: SpacyNLP) -> SpacyModel:
    return spacy_nlp.provide()


@pytest.fixture
def model_storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="kana_readings")  # type: ignore[arg-type]


def _prepare(texts: List[str], spacy_nlp: SpacyNLP, spacy_model: SpacyModel) -> List[Message]:
    messages = [Message(data={TEXT: text}) for text in texts]
    JapaneseTextNormalizer().process(messages)
    spacy_nlp.process(messages, spacy_model)
    tokenizer = SpacyTokenizer(SpacyTokenizer.get_default_config())
    tokenizer.process(messages)
    return messages


def _config(**overrides: Any) -> Dict[str, Any]:
    return {**KanaReadingFeaturizer.get_default_config(), **overrides}


def _trained(
    texts: List[str], storage: LocalModelStorage, spacy_nlp: SpacyNLP, spacy_model: SpacyModel
) -> KanaReadingFeaturizer:
    featurizer = KanaReadingFeaturizer.create(
        _config(), storage, Resource("kana_readings"), _context()
    )
    featurizer.train(TrainingData(_prepare(texts, spacy_nlp, spacy_model)))
    return featurizer


def _sentence_vector(message: Message) -> np.ndarray:
    _, sentence = message.get_sparse_features(TEXT)
    return sentence.features.toarray()[0]


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_kanji_and_hiragana_questions_get_near_identical_features(
    model_storage: LocalModelStorage, spacy_nlp: SpacyNLP, spacy_model: SpacyModel
) -> None:
    training = _prepare(
        ["DXポリシーの期間はいつまで", "問い合わせ先を教えて"], spacy_nlp, spacy_model
    )
    resource = Resource("kana_readings")
    featurizer = KanaReadingFeaturizer.create(_config(), model_storage, resource, _context())
    featurizer.train(TrainingData(training))

    loaded = KanaReadingFeaturizer.load(_config(), model_storage, resource, _context())
    kanji, kana, other = _prepare(
        ["期間はいつまで", "きかんはいつまで", "問い合わせ先"], spacy_nlp, spacy_model
    )
    loaded.process([kanji, kana, other])

    assert _cosine(_sentence_vector(kanji), _sentence_vector(kana)) > 0.95
    assert _cosine(_sentence_vector(kanji), _sentence_vector(other)) < 0.5


def test_sequence_features_have_one_row_per_token(
    model_storage: LocalModelStorage, spacy_nlp: SpacyNLP, spacy_model: SpacyModel
) -> None:
    featurizer = _trained(["ポリシーの期間"], model_storage, spacy_nlp, spacy_model)
    (message,) = _prepare(["ＤＸﾎﾟﾘｼｰの期間は？"], spacy_nlp, spacy_model)
    featurizer.process([message])
    sequence, _ = message.get_sparse_features(TEXT)
    assert sequence.features.shape[0] == len(message.get("text_tokens"))


def test_blank_message_gets_no_features_and_no_error(
    model_storage: LocalModelStorage, spacy_nlp: SpacyNLP, spacy_model: SpacyModel
) -> None:
    featurizer = _trained(["期間"], model_storage, spacy_nlp, spacy_model)
    (message,) = _prepare(["   "], spacy_nlp, spacy_model)
    featurizer.process([message])
    assert message.get_sparse_features(TEXT) == (None, None)


def test_invalid_ngram_range_is_rejected(model_storage: LocalModelStorage) -> None:
    with pytest.raises(InvalidConfigException):
        KanaReadingFeaturizer.create(
            _config(min_ngram=3, max_ngram=2), model_storage, Resource("x"), _context()
        )
