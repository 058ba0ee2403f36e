"""The BM25 baseline finds the example sharing the most informative terms."""

from __future__ import annotations

import pytest

from bot.bench.bm25 import FaqSearch, terms

EXAMPLES = [
    ("DXポリシーの期間はいつまで", "ask_policy_period"),
    ("問い合わせ先の電話番号", "ask_contact"),
    ("When does the DX policy end", "ask_policy_period"),
    ("What is the phone number of the office", "ask_contact"),
]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("ポリシーの期間", "ask_policy_period"),
        ("電話番号を教えて", "ask_contact"),
        ("office phone", "ask_contact"),
        ("ＤＸポリシー　期間", "ask_policy_period"),  # full-width, NFKC
    ],
)
def test_best_example_wins(question: str, intent: str) -> None:
    assert FaqSearch(EXAMPLES).predict(question)[0] == intent


def test_no_shared_term_predicts_nothing() -> None:
    assert FaqSearch(EXAMPLES).predict("zzz") == ("", 0.0)


def test_terms_are_words_and_bigrams_of_each_chunk() -> None:
    assert terms("期間は Hi") == ["w:期間は", "w:hi", "c:期間", "c:間は", "c:hi"]
