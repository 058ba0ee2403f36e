"""Korean words lose their particle, so inflected forms share a word."""

import pytest

from bot.nlp.hangul import korean_stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("기간이", "기간"),
        ("기간은", "기간"),
        ("정책을", "정책"),
        ("사무실에서", "사무실"),
        ("정책이에요", "정책"),
        ("기간", "기간"),  # nothing to remove
        ("이", "이"),  # the particle alone stays
        ("policy", "policy"),
        ("期間", "期間"),
        ("", ""),
    ],
)
def test_korean_stem(word: str, stem: str) -> None:
    assert korean_stem(word) == stem
