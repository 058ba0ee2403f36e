"""Checks of staff-edited answer texts: placeholders, braces, length, odd characters."""

from __future__ import annotations

from typing import Tuple

import pytest

from bot.review.teach.placeholders import (
    MAX_ANSWER_CHARS,
    check_answer_text,
    clean_answer_text,
    placeholders_in,
)

ALLOWED = ("phone", "office_name", "address_romaji")
EXPECTED = ("phone", "office_name")


@pytest.mark.parametrize(
    ("text", "error_word"),
    [
        ("", "空です"),
        ("   \n ", "空です"),
        ("電話：{office_phone}", "「{office_phone}」は使えません"),
        ("電話：{ phone }", "「{ phone }」は使えません"),
        ("電話：{0}", "「{0}」は使えません"),
        ("{phone} です {", "組み合わせ"),
        ("} {phone}", "組み合わせ"),
        ("{{phone}}", "組み合わせ"),
        ("a" * (MAX_ANSWER_CHARS + 1), f"{MAX_ANSWER_CHARS}文字以内"),
        ("電話\u200b{phone}", "特殊な文字"),
        ("電話\x07{phone}", "特殊な文字"),
    ],
)
def test_bad_texts_are_refused_in_japanese(text: str, error_word: str) -> None:
    check = check_answer_text(text, ALLOWED, EXPECTED)
    assert not check.ok
    assert any(error_word in error for error in check.errors), check.errors


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("{office_name}の電話は{phone}です。", ()),
        ("{office_name}（{address_romaji}）：{phone}", ()),
        ("電話は{phone}です。全角の｛括弧｝は使えます。", ("office_name",)),
        ("お問い合わせは役場まで。", ("phone", "office_name")),
    ],
)
def test_good_texts_pass_and_dropped_placeholders_warn(text: str, warned: Tuple[str, ...]) -> None:
    check = check_answer_text(text, ALLOWED, EXPECTED)
    assert check.ok, check.errors
    assert len(check.warnings) == len(warned)
    for name, warning in zip(warned, check.warnings, strict=True):
        assert f"{{{name}}}" in warning


def test_the_text_is_cleaned() -> None:
    assert clean_answer_text("  一行目  \r\n二行目\t \r\n\n") == "一行目\n二行目"
    assert check_answer_text("a\r\nb", ()).text == "a\nb"


def test_placeholders_in_order_once() -> None:
    assert placeholders_in("{b} {a} {b} {not valid} {0}") == ("b", "a")
