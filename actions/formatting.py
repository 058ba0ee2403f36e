"""Dates, times and opening hours written in the reader's convention.

One formatter per language; the multilingual work adds entries to
`_FORMATTERS`. Japanese follows the usual municipal style: 11月24日（火）8時30分.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from typing import Dict, List, Optional, Sequence, Tuple

from actions.office_hours import DayHours, OfficeSchedule


@dataclass(frozen=True)
class Formatter:
    """Language-specific words and patterns."""

    weekday_short: Sequence[str]
    weekday_long: Sequence[str]
    today: str
    tomorrow: str
    list_separator: str
    holidays: str
    year_end: str

    def time(self, value: time) -> str:
        """8時30分 / 17時 style."""
        return f"{value.hour}時{value.minute:02d}分" if value.minute else f"{value.hour}時"

    def hours(self, hours: DayHours) -> str:
        """8時30分〜17時15分."""
        return f"{self.time(hours.open)}〜{self.time(hours.close)}"

    def date(self, value: date, *, reference: date) -> str:
        """11月24日（火）, with the year when it differs from `reference`'s."""
        year = f"{value.year}年" if value.year != reference.year else ""
        return f"{year}{value.month}月{value.day}日（{self.weekday_short[value.weekday()]}）"

    def month_day(self, month: int, day: int) -> str:
        """12月29日."""
        return f"{month}月{day}日"

    def day_range(self, first: int, last: int) -> str:
        """月曜日〜金曜日 (or one day alone)."""
        if first == last:
            return self.weekday_long[first]
        return f"{self.weekday_long[first]}〜{self.weekday_long[last]}"


_FORMATTERS: Dict[str, Formatter] = {
    "ja": Formatter(
        weekday_short=("月", "火", "水", "木", "金", "土", "日"),
        weekday_long=("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
        today="本日",
        tomorrow="明日",
        list_separator="・",
        holidays="祝日",
        year_end="年末年始",
    ),
}
DEFAULT_LANGUAGE = "ja"


def formatter_for(language: Optional[str]) -> Formatter:
    """Returns the formatter of `language`, Japanese when unknown."""
    return _FORMATTERS.get(language or DEFAULT_LANGUAGE, _FORMATTERS[DEFAULT_LANGUAGE])


def next_opening_text(opening: datetime, now: datetime, fmt: Formatter) -> str:
    """「明日 11月24日（火）8時30分」 style text for the next opening."""
    days_ahead = (opening.date() - now.date()).days
    prefix = {0: f"{fmt.today} ", 1: f"{fmt.tomorrow} "}.get(days_ahead, "")
    return f"{prefix}{fmt.date(opening.date(), reference=now.date())} {fmt.time(opening.time())}"


def weekly_hours_text(schedule: OfficeSchedule, fmt: Formatter) -> str:
    """「月曜日〜金曜日 8時30分〜17時15分」: consecutive days with equal hours grouped."""
    runs: List[Tuple[int, int, DayHours]] = []
    indexed = list(enumerate(schedule.weekly))
    for hours, group in groupby(indexed, key=lambda item: item[1]):
        days = [index for index, _ in group]
        if hours is not None:
            runs.append((days[0], days[-1], hours))
    return fmt.list_separator.join(
        f"{fmt.day_range(first, last)} {fmt.hours(hours)}" for first, last, hours in runs
    )


def closed_days_text(schedule: OfficeSchedule, fmt: Formatter) -> str:
    """「土曜日・日曜日・祝日・年末年始（12月29日〜1月3日）」."""
    parts = [
        fmt.weekday_long[index] for index, hours in enumerate(schedule.weekly) if hours is None
    ]
    if schedule.closed_on_national_holidays:
        parts.append(fmt.holidays)
    for (start_month, start_day), (end_month, end_day) in schedule.yearly_closures:
        span = f"{fmt.month_day(start_month, start_day)}〜{fmt.month_day(end_month, end_day)}"
        parts.append(f"{fmt.year_end}（{span}）")
    return fmt.list_separator.join(parts)
