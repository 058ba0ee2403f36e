"""Server-rendered SVG charts for the staff dashboard (no JavaScript, no CDN).

Every label is escaped: cluster labels are what residents typed. Colours come
from CSS classes in staff.css (the CSP forbids inline styles); each chart has a
<title> and <desc> for screen readers, and the page shows the same numbers in a
table next to it.
"""

from __future__ import annotations

import logging
import math
from datetime import date
from itertools import count
from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

from bot.web.staff.chart_labels import labelled_days, wrap_label

logger = logging.getLogger(__name__)

WIDTH = 720  # the wide charts (per day)
NARROW_WIDTH = 480  # the bar charts shown two per row
MAX_BAR_PX = 56.0  # a day's bar is never wider, even when the range has a single day
LABEL_LINE_PX = 16  # the height of one line of a bar's label
ALL_POINTS_LABELLED = 14  # up to this many days, every point of the rate shows its value
_ids = count(1)


def _nice_max(value: int) -> int:
    """The smallest 'round' number (1, 2, 5 × 10^n) at least `value` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _open(height: int, title: str, desc: str, width: int = WIDTH) -> Tuple[List[str], str]:
    """The opening of an accessible <svg> element and its id prefix."""
    prefix = f"chart{next(_ids)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{prefix}-t {prefix}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-t">{escape(title)}</title>',
        f'<desc id="{prefix}-d">{escape(desc)}</desc>',
    ]
    return parts, prefix


def _empty(title: str, width: int = NARROW_WIDTH) -> Markup:
    """A short chart saying there is no data yet (as wide as the chart it replaces)."""
    parts, _ = _open(60 * width // NARROW_WIDTH, title, "データがありません", width)
    parts.append('<text class="chart-empty" x="20" y="36">この期間のデータはありません</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped


def _y_axis(parts: List[str], *, top: int, bottom: int, left: int, y_max: float, unit: str) -> None:
    """Grid lines and labels for 0, half and the maximum of the y axis."""
    for fraction in (0.0, 0.5, 1.0):
        y = bottom - (bottom - top) * fraction
        value = y_max * fraction
        label = f"{value:.0f}{unit}" if unit else f"{value:g}"
        parts.append(f'<line class="chart-grid" x1="{left}" x2="{WIDTH - 10}" y1="{y}" y2="{y}"/>')
        parts.append(
            f'<text class="chart-axis" x="{left - 6}" y="{y + 4}" text-anchor="end">'
            f"{escape(label)}</text>"
        )


def _day_labels(
    parts: List[str], days: Sequence[Tuple[date, int, int]], *, left: int, step: float, y: int
) -> None:
    """Month/day labels under the x axis: every day when few, else ~10 incl. first, last
    and the days with data when those are few."""
    with_data = [index for index, (_, a, r) in enumerate(days) if a + r]
    for index in sorted(labelled_days(len(days), with_data)):
        day = days[index][0]
        x = left + step * index + step / 2
        parts.append(
            f'<text class="chart-axis" x="{x:.1f}" y="{y}" text-anchor="middle">'
            f"{day.month}/{day.day}</text>"
        )


def daily_stacked_bars(days: Sequence[Tuple[date, int, int]], *, title: str) -> Markup:
    """Questions per day, answered (bottom) and routed to staff (top) stacked.

    Args:
        days: (day, answered, routed), oldest first.
        title: the chart's accessible name.

    Returns:
        An <svg> element.
    """
    if not days:
        return _empty(title, WIDTH)
    height, top, bottom, left = 220, 16, 180, 48
    y_max = _nice_max(max(answered + routed for _, answered, routed in days))
    total = sum(a + r for _, a, r in days)
    parts, _ = _open(height, title, f"{len(days)}日間で合計{total}件")
    _y_axis(parts, top=top, bottom=bottom, left=left, y_max=y_max, unit="")
    step = (WIDTH - 10 - left) / len(days)
    bar = min(max(step * 0.7, 1.0), MAX_BAR_PX)
    scale = (bottom - top) / y_max
    for index, (day, answered, routed) in enumerate(days):
        x = left + step * index + (step - bar) / 2
        answered_h, routed_h = answered * scale, routed * scale
        tip = escape(f"{day.month}/{day.day}: 回答 {answered}件、職員へ {routed}件")
        parts.append(f"<g><title>{tip}</title>")
        parts.append(
            f'<rect class="bar-answered" x="{x:.1f}" y="{bottom - answered_h:.1f}" '
            f'width="{bar:.1f}" height="{answered_h:.1f}"/>'
        )
        parts.append(
            f'<rect class="bar-routed" x="{x:.1f}" y="{bottom - answered_h - routed_h:.1f}" '
            f'width="{bar:.1f}" height="{routed_h:.1f}"/></g>'
        )
    _day_labels(parts, days, left=left, step=step, y=bottom + 18)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped


def rate_line(days: Sequence[Tuple[date, int, int]], *, title: str) -> Markup:
    """The share of questions the bot answered itself, per day, as a line.

    Days without messages have no point (the line is broken there).

    Args:
        days: (day, answered, routed), oldest first.
        title: the chart's accessible name.

    Returns:
        An <svg> element.
    """
    if not any(a + r for _, a, r in days):
        return _empty(title, WIDTH)
    height, top, bottom, left = 180, 16, 140, 48
    parts, _ = _open(height, title, "日ごとの回答率（0〜100%）")
    _y_axis(parts, top=top, bottom=bottom, left=left, y_max=100, unit="%")
    step = (WIDTH - 10 - left) / len(days)
    segments: List[List[str]] = [[]]
    points_with_data = sum(1 for _, a, r in days if a + r)
    for index, (day, answered, routed) in enumerate(days):
        if answered + routed == 0:
            segments.append([])
            continue
        rate = answered / (answered + routed)
        x = left + step * index + step / 2
        y = bottom - (bottom - top) * rate
        segments[-1].append(f"{x:.1f},{y:.1f}")
        tip = escape(f"{day.month}/{day.day}: {rate:.0%}")
        parts.append(
            f'<circle class="rate-point" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{tip}</title>'
            "</circle>"
        )
        if points_with_data <= ALL_POINTS_LABELLED:
            parts.append(
                f'<text class="chart-value" x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
                f"{rate:.0%}</text>"
            )
    for points in segments:
        if len(points) > 1:
            parts.append(f'<polyline class="rate-line" points="{" ".join(points)}"/>')
    _day_labels(parts, days, left=left, step=step, y=bottom + 18)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped


def horizontal_bars(rows: Sequence[Tuple[str, int]], *, title: str, css_class: str) -> Markup:
    """One bar per labelled count, biggest first as given.

    Args:
        rows: (label, count); labels may be residents' text and are escaped.
        title: the chart's accessible name.
        css_class: "bar-answered", "bar-routed" or "bar-topic" (the colour).

    Returns:
        An <svg> element.
    """
    return stacked_horizontal_bars(
        [(label, value, 0) for label, value in rows], title=title, classes=(css_class, css_class)
    )


def stacked_horizontal_bars(
    rows: Sequence[Tuple[str, int, int]],
    *,
    title: str,
    classes: Tuple[str, str] = ("bar-answered", "bar-routed"),
) -> Markup:
    """One bar per label, split in two parts (answered, routed).

    Args:
        rows: (label, first part, second part); labels are escaped.
        title: the chart's accessible name.
        classes: the CSS classes of the two parts.

    Returns:
        An <svg> element.
    """
    if not rows or not any(a + b for _, a, b in rows):
        return _empty(title)
    left, right, bar_h = 10, NARROW_WIDTH - 50, 18
    wrapped = [wrap_label(label, NARROW_WIDTH - 2 * left) for label, _, _ in rows]
    height = sum(LABEL_LINE_PX * len(lines) + bar_h + 12 for lines in wrapped) + 6
    largest = max(a + b for _, a, b in rows)
    parts, _ = _open(height, title, f"{len(rows)}項目", NARROW_WIDTH)
    scale = (right - left) / largest
    y = 4
    for (label, first, second), lines in zip(rows, wrapped, strict=True):
        parts.append(f"<g><title>{escape(label)}: {first + second}件</title>")
        parts.append(f'<text class="chart-label" x="{left}" y="{y + 12}">')
        for number, line in enumerate(lines):
            dy = 0 if number == 0 else LABEL_LINE_PX
            parts.append(f'<tspan x="{left}" dy="{dy}">{escape(line)}</tspan>')
        parts.append("</text>")
        y += LABEL_LINE_PX * len(lines) + 2
        parts.append(
            f'<rect class="{classes[0]}" x="{left}" y="{y}" width="{first * scale:.1f}" '
            f'height="{bar_h}"/>'
        )
        if second:
            parts.append(
                f'<rect class="{classes[1]}" x="{left + first * scale:.1f}" y="{y}" '
                f'width="{second * scale:.1f}" height="{bar_h}"/>'
            )
        parts.append(
            f'<text class="chart-value" x="{left + (first + second) * scale + 6:.1f}" '
            f'y="{y + 14}">{first + second}</text></g>'
        )
        y += bar_h + 10
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped
