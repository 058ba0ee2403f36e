"""An identical fit is reused; any change to what the fit reads refits."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import numpy as np
import pytest

from bot.intent import fit_cache
from bot.intent.features import FeatureSettings
from bot.intent.fit_cache import cache_folder, cached_fit
from bot.intent.linear import ClassifierSettings, LinearIntentModel
from bot.nlp.views import TextViews

EXAMPLES: List[Tuple[str, str]] = [
    ("期間はいつまで", "ask_policy_period"),
    ("計画の期間", "ask_policy_period"),
    ("電話番号", "ask_contact"),
    ("問い合わせ先", "ask_contact"),
    ("ゴミの日", "out_of_scope"),
    ("天気", "out_of_scope"),
]


def _views(examples: List[Tuple[str, str]]) -> List[TextViews]:
    return [TextViews(text, tuple(text), text) for text, _ in examples]


def _fit(folder: Path, examples: List[Tuple[str, str]], **settings: object) -> LinearIntentModel:
    model = LinearIntentModel(FeatureSettings(), ClassifierSettings(**settings))  # type: ignore[arg-type]
    return cached_fit(_views(examples), [i for _, i in examples], model, folder=folder)


@pytest.fixture
def counted_fits(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    calls: List[int] = []
    original = LinearIntentModel.fit

    def counting(self: LinearIntentModel, *args: object) -> LinearIntentModel:
        calls.append(1)
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LinearIntentModel, "fit", counting)
    return calls


def test_the_same_examples_and_settings_are_fitted_once(
    tmp_path: Path, counted_fits: List[int]
) -> None:
    first = _fit(tmp_path, EXAMPLES)
    again = _fit(tmp_path, EXAMPLES)
    assert len(counted_fits) == 1
    question = _views([("きかん", "")])
    np.testing.assert_allclose(again.probabilities(question), first.probabilities(question))


@pytest.mark.parametrize(
    "change",
    [
        lambda: (EXAMPLES + [("連絡先", "ask_contact")], {}),  # one more question
        lambda: ([(t, "ask_contact" if t == "天気" else i) for t, i in EXAMPLES], {}),  # a label
        lambda: (EXAMPLES, {"C": 3.0}),  # a setting
    ],
)
def test_a_change_in_what_the_fit_reads_refits(
    tmp_path: Path, counted_fits: List[int], change: object
) -> None:
    _fit(tmp_path, EXAMPLES)
    examples, settings = change()  # type: ignore[operator]
    _fit(tmp_path, examples, **settings)
    assert len(counted_fits) == 2


def test_only_the_latest_fits_are_kept(tmp_path: Path) -> None:
    for c in (1.0, 2.0, 3.0, 4.0, 5.0):
        _fit(tmp_path, EXAMPLES, C=c)
    assert len(list(tmp_path.iterdir())) == fit_cache.KEEP


def test_the_cache_lives_in_rasas_cache_directory() -> None:
    assert cache_folder({"RASA_CACHE_DIRECTORY": "/x/cache"}) == Path("/x/cache/linear_intent_fits")
    assert cache_folder({}) == Path(".rasa/cache/linear_intent_fits")
