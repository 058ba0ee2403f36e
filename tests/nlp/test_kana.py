"""Readings unify kanji, hiragana and katakana spellings."""

import pytest
import spacy

from bot.nlp.kana import joined_reading, readings_by_offset, to_katakana


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("きかん", "キカン"),
        ("キカン", "キカン"),
        ("でぃーえっくす", "ディーエックス"),
        ("期間", "期間"),
        ("dx", "dx"),
        ("", ""),
    ],
)
def test_to_katakana(text: str, expected: str) -> None:
    assert to_katakana(text) == expected


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("ja_ginza")


def _reading(nlp: spacy.language.Language, text: str) -> str:
    return joined_reading(readings_by_offset(nlp(text)).values())


@pytest.mark.parametrize(
    ("kanji", "kana"),
    [
        ("期間", "きかん"),
        ("期間はいつまで", "きかんはいつまで"),
        ("DXポリシー", "でぃーえっくすぽりしー"),
        ("問い合わせ先", "といあわせさき"),
    ],
)
def test_kanji_and_hiragana_spellings_share_a_reading(
    nlp: spacy.language.Language, kanji: str, kana: str
) -> None:
    assert _reading(nlp, kanji) == _reading(nlp, kana)


def test_every_token_has_a_reading(nlp: spacy.language.Language) -> None:
    doc = nlp("ＤＸ？！🙂")
    readings = readings_by_offset(doc)
    assert set(readings) == {token.idx for token in doc}
    assert all(readings.values())
