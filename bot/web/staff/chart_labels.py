"""Text layout for the dashboard's SVG charts: full labels wrapped into lines, and
which days of a date axis get a label.

SVG text does not wrap by itself, so labels are broken into lines here, by an
estimate of their width (full-width characters count about twice a latin one).
"""

from __future__ import annotations

import logging
import math
import unicodedata
from typing import Iterable, List, Set

logger = logging.getLogger(__name__)

WIDE_PX = 12.0  # a full-width character at the charts' 12px font
NARROW_PX = 7.0  # an average latin letter or digit
MAX_LINES = 4  # longer labels end with "…" (the bar's tooltip has the full text)
ALL_DAYS_UP_TO = 14  # up to this many days, every day is labelled
MAX_DAY_LABELS = 10


def text_width(text: str) -> float:
    """The estimated width of `text` in pixels at the charts' font size.

    Args:
        text: one line of text.

    Returns:
        The width in pixels.
    """
    return sum(
        WIDE_PX if unicodedata.east_asian_width(char) in ("W", "F") else NARROW_PX for char in text
    )


def _break_at_space(line: str) -> int:
    """Where to break a too-long latin line: after its last space, or 0 if none."""
    index = line.rfind(" ")
    return index + 1 if index > 0 else 0


def wrap_label(label: str, max_px: float, *, max_lines: int = MAX_LINES) -> List[str]:
    """`label` broken into lines no wider than `max_px` (words kept whole where possible).

    Args:
        label: any text (whitespace runs count as one space).
        max_px: the widest a line may be.
        max_lines: the most lines; the last one ends with "…" when text is left over.

    Returns:
        The lines, at least one.
    """
    text = " ".join(label.split())
    lines: List[str] = []
    line = ""
    for char in text:
        if text_width(line + char) <= max_px or not line:
            line += char
            continue
        cut = _break_at_space(line) if char != " " else len(line)
        lines.append(line[:cut].rstrip() if cut else line)
        line = (line[cut:] if cut else "") + char
        line = line.lstrip()
    lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > max_px:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def labelled_days(count: int, marked: Iterable[int] = ()) -> Set[int]:
    """The indexes of the days that get a date under the axis.

    Every day when there are few; otherwise about ten, always the first and
    the last, plus the `marked` days (those with data) when there are few of
    them, so a lone bar or point always has its date. Regular labels too close
    to a marked one are dropped so that labels never overlap.

    Args:
        count: how many days the chart shows.
        marked: indexes of days that must be dated when possible.

    Returns:
        The indexes to label.
    """
    if count <= ALL_DAYS_UP_TO:
        return set(range(count))
    every = math.ceil(count / MAX_DAY_LABELS)
    regular = set(range(0, count, every)) | {0, count - 1}
    # The last label must not overlap its neighbour: drop the one just before it.
    before_last = ((count - 1) // every) * every
    if before_last != count - 1 and count - 1 - before_last < every / 2:
        regular.discard(before_last)
    wanted = {index for index in marked if 0 <= index < count}
    if not wanted or len(wanted) > MAX_DAY_LABELS:
        return regular
    gap = max(2, math.ceil(every / 2))
    kept = {index for index in regular if all(abs(index - m) >= gap for m in wanted)}
    return kept | wanted
