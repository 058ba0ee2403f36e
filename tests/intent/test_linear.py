"""The linear intent model: probabilities, the out-of-scope weight, saving and loading."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import numpy as np
import pytest

from bot.intent.features import FeatureSettings
from bot.intent.linear import ClassifierSettings, LinearIntentModel
from bot.intent.storage import load_model, save_model
from bot.nlp.views import TextViews

TRAINING: List[Tuple[str, str, str, str]] = [
    # surface, lemmas, reading, intent
    ("期間はいつまで", "期間 は いつ まで", "キカンハイツマデ", "ask_policy_period"),
    ("計画期間を教えて", "計画 期間 を 教える て", "ケイカクキカンヲオシエテ", "ask_policy_period"),
    ("いつまでの計画", "いつ まで の 計画", "イツマデノケイカク", "ask_policy_period"),
    ("電話番号は", "電話 番号 は", "デンワバンゴウハ", "ask_contact"),
    (
        "問い合わせ先を教えて",
        "問い合わせ 先 を 教える て",
        "トイアワセサキヲオシエテ",
        "ask_contact",
    ),
    ("連絡先", "連絡 先", "レンラクサキ", "ask_contact"),
    ("ゴミの日は", "ゴミ の 日 は", "ゴミノヒハ", "out_of_scope"),
    ("天気はどう", "天気 は どう", "テンキハドウ", "out_of_scope"),
    ("バスの時刻表", "バス の 時刻 表", "バスノジコクヒョウ", "out_of_scope"),
]


def _views(surface: str, lemmas: str, reading: str) -> TextViews:
    return TextViews(surface=surface, lemmas=tuple(lemmas.split()), reading=reading)


def _fit(**classifier: object) -> LinearIntentModel:
    model = LinearIntentModel(FeatureSettings(), ClassifierSettings(**classifier))  # type: ignore[arg-type]
    return model.fit(
        [_views(s, lemma, r) for s, lemma, r, _ in TRAINING], [intent for *_, intent in TRAINING]
    )


QUESTION = _views("きかん", "きかん", "キカン")


@pytest.mark.parametrize(
    "kind", ["logistic_regression", "logistic_regression_multinomial", "linear_svm"]
)
def test_probabilities_rank_the_right_intent_and_sum_to_one(kind: str) -> None:
    model = _fit(kind=kind)
    probabilities = model.probabilities([QUESTION])[0]
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert model.rankings([QUESTION])[0][0][0] == "ask_policy_period"


def test_hiragana_question_matches_through_the_reading_view() -> None:
    """きかん shares no character with 期間: only the reading view links them."""
    without_readings = LinearIntentModel(
        FeatureSettings(reading_ngrams=None), ClassifierSettings()
    ).fit([_views(s, lemma, r) for s, lemma, r, _ in TRAINING], [i for *_, i in TRAINING])
    with_readings = _fit()
    period = with_readings.intents.index("ask_policy_period")
    assert (
        with_readings.probabilities([QUESTION])[0][period]
        > without_readings.probabilities([QUESTION])[0][period]
    )


def test_out_of_scope_weight_makes_unknown_questions_likelier_out_of_scope() -> None:
    unknown = _views("税金の払い方", "税金 の 払う 方", "ゼイキンノハライカタ")
    plain, weighted = _fit(out_of_scope_weight=1.0), _fit(out_of_scope_weight=4.0)
    column = plain.intents.index("out_of_scope")
    assert weighted.probabilities([unknown])[0][column] > plain.probabilities([unknown])[0][column]


@pytest.mark.parametrize("kind", ["logistic_regression", "linear_svm"])
def test_a_saved_model_scores_exactly_as_before(tmp_path: Path, kind: str) -> None:
    model = _fit(kind=kind)
    save_model(model, tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.intents == model.intents
    np.testing.assert_allclose(
        loaded.probabilities([QUESTION]), model.probabilities([QUESTION]), rtol=1e-5
    )


def test_saved_files_hold_no_pickle(tmp_path: Path) -> None:
    save_model(_fit(), tmp_path)
    with np.load(tmp_path / "intent_model.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_a_kind_tried_only_in_cross_validation_cannot_be_saved(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be saved"):
        save_model(_fit(kind="complement_nb"), tmp_path)


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="logistic_regression"):
        ClassifierSettings.from_config({"kind": "random_forest"})
