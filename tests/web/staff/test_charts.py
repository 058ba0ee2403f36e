"""The dashboard's SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta

import pytest

from bot.web.staff import charts

XSS = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def days(values: list[tuple[int, int]]) -> list[tuple[date, int, int]]:
    start = date(2026, 11, 1)
    return [(start + timedelta(days=i), a, r) for i, (a, r) in enumerate(values)]


def test_daily_bars_stack_answered_and_routed() -> None:
    svg = parse(charts.daily_stacked_bars(days([(10, 0), (5, 5), (0, 0)]), title="t"))
    answered = [
        float(r.get("height")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar-answered"
    ]
    routed = [
        float(r.get("height")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar-routed"
    ]
    assert answered[0] == pytest.approx(answered[1] * 2)
    assert routed[0] == 0 and routed[1] == pytest.approx(answered[1])
    assert answered[2] == routed[2] == 0
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "t"
    assert "11/1" in ElementTree.tostring(svg, encoding="unicode")


def test_rate_line_skips_days_without_messages() -> None:
    svg = parse(charts.rate_line(days([(1, 1), (0, 0), (3, 1), (1, 0)]), title="rate"))
    points = list(svg.iter(f"{SVG}circle"))
    assert [p.find(f"{SVG}title").text for p in points] == ["11/1: 50%", "11/3: 75%", "11/4: 100%"]
    assert len(list(svg.iter(f"{SVG}polyline"))) == 1  # 11/3–11/4; 11/1 stands alone


def label_lines(tree: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in tree.iter(f"{SVG}tspan")]


def test_labels_are_escaped_and_shown_in_full() -> None:
    svg = charts.horizontal_bars([(XSS, 4), ("ごみ", 2)], title=XSS, css_class="bar-routed")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    tree = parse(svg)
    assert label_lines(tree) == [XSS, "ごみ"]
    widths = [float(r.get("width")) for r in tree.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(widths[1] * 2)


def test_long_labels_wrap_instead_of_being_cut() -> None:
    label = "khi moi thu da xong thi toi phai nop giay to o dau va mat bao lau de duoc cap lai"
    tree = parse(charts.horizontal_bars([(label, 3)], title="t", css_class="bar-routed"))
    lines = label_lines(tree)
    assert len(lines) > 1
    assert " ".join(lines) == label  # every word, none cut
    assert tree.find(f"{SVG}g/{SVG}title").text == f"{label}: 3件"


def test_a_single_day_has_its_date_and_a_narrow_bar() -> None:
    svg = charts.daily_stacked_bars(days([(3, 1)]), title="t")
    tree = parse(svg)
    axis = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "chart-axis"]
    assert "11/1" in axis
    widths = [float(r.get("width")) for r in tree.iter(f"{SVG}rect")]
    assert max(widths) <= charts.MAX_BAR_PX


def test_few_days_label_every_bar_many_days_first_and_last() -> None:
    few = parse(charts.daily_stacked_bars(days([(1, 0)] * 7), title="t"))
    few_axis = [t.text for t in few.iter(f"{SVG}text") if t.get("class") == "chart-axis"]
    assert all(f"11/{d}" in few_axis for d in range(1, 8))
    many = parse(charts.daily_stacked_bars(days([(1, 0)] * 30), title="t"))
    many_axis = [t.text for t in many.iter(f"{SVG}text") if t.get("class") == "chart-axis"]
    assert "11/1" in many_axis and "11/30" in many_axis


def test_a_single_day_rate_is_labelled_with_its_value() -> None:
    tree = parse(charts.rate_line(days([(3, 1)]), title="rate"))
    values = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    axis = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "chart-axis"]
    assert values == ["75%"] and "11/1" in axis


@pytest.mark.parametrize(
    "svg",
    [
        charts.daily_stacked_bars([], title="x"),
        charts.rate_line(days([(0, 0)]), title="x"),
        charts.stacked_horizontal_bars([], title="x"),
    ],
)
def test_empty_charts_say_so(svg: str) -> None:
    assert "この期間のデータはありません" in svg
    parse(svg)


def test_no_inline_style_in_charts() -> None:
    svg = charts.stacked_horizontal_bars([("ja", 3, 2)], title="x") + charts.daily_stacked_bars(
        days([(1, 2)]), title="y"
    )
    assert not re.search(r"style=|<style", svg)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (260, 500)]
)
def test_axis_maximum_is_round(value: int, expected: int) -> None:
    assert charts._nice_max(value) == expected


def test_a_lone_day_in_thirty_is_dated_and_its_rate_labelled() -> None:
    values = [(0, 0)] * 30
    values[17] = (3, 1)
    for chart in (charts.daily_stacked_bars, charts.rate_line):
        tree = parse(chart(days(values), title="t"))
        axis = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "chart-axis"]
        assert "11/18" in axis
    tree = parse(charts.rate_line(days(values), title="t"))
    assert [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "chart-value"] == ["75%"]
