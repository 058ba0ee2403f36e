"""The normaliser as the NLU pipeline runs it."""

from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message

from bot.components.text_normalizer import JapaneseTextNormalizer


def normalizer(tmp_path: Any, **options: Any) -> JapaneseTextNormalizer:
    return JapaneseTextNormalizer.create(
        {**JapaneseTextNormalizer.get_default_config(), **options},
        LocalModelStorage(tmp_path),
        Resource("normalizer"),
        ExecutionContext(graph_schema=None, node_name="normalizer"),  # type: ignore[arg-type]
    )


def processed(component: JapaneseTextNormalizer, text: str) -> str:
    return component.process([Message(data={"text": text})])[0].get("text")


def test_wide_and_narrow_spellings_become_one(tmp_path: Any) -> None:
    assert processed(normalizer(tmp_path), "ＤＸﾎﾟﾘｼｰの期間は？") == "dxポリシーの期間は?"


def test_button_payloads_are_left_alone(tmp_path: Any) -> None:
    assert processed(normalizer(tmp_path), "/ask_Contact") == "/ask_Contact"


def test_an_overlong_message_is_cut_to_the_limit(tmp_path: Any) -> None:
    assert processed(normalizer(tmp_path), "あ" * 50_000) == "あ" * 1000


@pytest.mark.parametrize("limit", [0, 20_000])
def test_a_limit_sudachi_cannot_take_is_refused(tmp_path: Any, limit: int) -> None:
    with pytest.raises(InvalidConfigException):
        normalizer(tmp_path, max_characters=limit)
