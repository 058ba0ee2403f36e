"""The same question typed differently must reach NLU as the same text."""

import pytest

from bot.nlp.normalize import has_words, normalize_text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ＤＸポリシー", "dxポリシー"),
        ("ﾎﾟﾘｼｰ", "ポリシー"),
        ("ＤＸﾎﾟﾘｼｰの期間は？", "dxポリシーの期間は?"),
        ("ポリシ－", "ポリシー"),  # full-width hyphen-minus after kana
        ("ポリシ〜", "ポリシー"),  # wave dash typed for the long vowel
        ("い つ ま で", "い つ ま で"),
        ("  期間は  いつ  ", "期間は いつ"),
        ("いつまで？？？", "いつまで?"),
        ("ほんま！！！", "ほんま!"),
        ("期間\u200bは", "期間は"),  # zero-width space
        ("期間\tは\nいつ", "期間 は いつ"),
        ("令和５年度～令和７年度", "令和5年度~令和7年度"),  # tilde after kanji stays a tilde
        ("", ""),
        ("   ", ""),
        ("😀", "😀"),
    ],
)
def test_normalize_text(typed: str, expected: str) -> None:
    assert normalize_text(typed) == expected


def test_full_and_half_width_spellings_meet() -> None:
    spellings = ["ＤＸポリシーの期間", "DXポリシーの期間", "dxﾎﾟﾘｼｰの期間"]
    assert len({normalize_text(text) for text in spellings}) == 1


def test_button_payload_is_ascii_stable() -> None:
    assert normalize_text("/ask_contact") == "/ask_contact"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("期間は?", True),
        ("きかん", True),
        ("dx", True),
        ("7", True),
        ("", False),
        ("   ", False),
        ("?", False),
        ("🙂🙂🙂", False),
        ("。。。", False),
        ("(^^)", False),
    ],
)
def test_has_words(text: str, expected: bool) -> None:
    assert has_words(text) is expected
