"""Wrapping of chart labels and the choice of labelled days."""

from __future__ import annotations

import pytest

from bot.web.staff.chart_labels import labelled_days, text_width, wrap_label


@pytest.mark.parametrize(
    ("label", "max_px", "expected"),
    [
        ("ごみ", 100, ["ごみ"]),
        ("", 100, [""]),
        ("  a   b  ", 100, ["a b"]),
        ("粗大ごみの出し方", 48, ["粗大ごみ", "の出し方"]),
        ("khi moi thu", 40, ["khi", "moi", "thu"]),
    ],
)
def test_wrap_label(label: str, max_px: float, expected: list[str]) -> None:
    assert wrap_label(label, max_px) == expected


def test_wrap_label_lines_fit_and_the_rest_is_marked() -> None:
    lines = wrap_label("あ" * 100, 120, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line) <= 120 for line in lines)


@pytest.mark.parametrize("count", [1, 2, 14, 15, 30, 31, 90, 366])
def test_labelled_days_include_first_and_last(count: int) -> None:
    chosen = labelled_days(count)
    assert {0, count - 1} <= chosen
    assert len(chosen) == count if count <= 14 else len(chosen) <= 12


def test_a_lone_day_with_data_is_dated_among_many() -> None:
    chosen = labelled_days(30, [17])
    assert 17 in chosen and {0, 29} <= chosen
    assert all(abs(index - 17) >= 2 for index in chosen - {17})
