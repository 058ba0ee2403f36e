"""The three views make spelling variants of one question look alike."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.ginza import load_ginza
from bot.nlp.normalize import normalize_text
from bot.nlp.views import TextViews, views_of_doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_ginza()


def _views(nlp: Language, text: str) -> TextViews:
    return views_of_doc(nlp(normalize_text(text)))


def test_only_the_tokenizer_is_loaded(nlp: Language) -> None:
    assert nlp.pipe_names == []


@pytest.mark.parametrize(
    ("kanji", "kana"),
    [("期間はいつまで", "きかんはいつまで"), ("基本方針", "キホンホウシン"), ("窓口", "まどぐち")],
)
def test_kanji_and_kana_spellings_share_the_reading(nlp: Language, kanji: str, kana: str) -> None:
    assert _views(nlp, kanji).reading == _views(nlp, kana).reading


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("聞きたい", "聞く"),
        ("聞いた", "聞く"),
        ("教えてくれへん", "教える"),
        ("Policies", "policies"),
    ],
)
def test_inflected_forms_share_a_lemma(nlp: Language, text: str, lemma: str) -> None:
    assert lemma in _views(nlp, text).lemmas


def test_punctuation_and_spaces_are_left_out(nlp: Language) -> None:
    views = _views(nlp, "DXポリシー？ 　とは！！")
    assert "?" not in views.lemmas and "!" not in views.lemmas
    assert " " not in views.reading and "?" not in views.reading


def test_surface_is_the_normalised_text(nlp: Language) -> None:
    assert _views(nlp, "ＤＸﾎﾟﾘｼｰ").surface == "dxポリシー"


@pytest.mark.parametrize("text", ["", "   ", "？？", "。、！"])
def test_wordless_text_gives_empty_views(nlp: Language, text: str) -> None:
    views = _views(nlp, text)
    assert views.reading == ""
    assert views.lemmas == ()


def test_korean_words_also_give_their_stems(nlp: Language) -> None:
    views = _views(nlp, "정책 기간이 언제예요")
    assert "기간이" in views.lemmas and "기간" in views.stems
    assert "기간" in views.lemma_text().split()
    assert "기간" not in views.lemma_text(with_stems=False).split()
