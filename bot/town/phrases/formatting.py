"""Dates, times and opening hours written in the reader's convention.

The words and patterns of each language are in `bot.town.phrases.date_formats`.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from typing import List, Optional, Tuple

from bot.language.codes import DEFAULT_LANGUAGE
from bot.town.office_hours import DayHours, OfficeSchedule
from bot.town.phrases.date_formats import FORMATTERS, Formatter


def formatter_for(language: Optional[str]) -> Formatter:
    """Returns the formatter of `language`, Japanese when unknown."""
    return FORMATTERS.get(language or DEFAULT_LANGUAGE, FORMATTERS[DEFAULT_LANGUAGE])


def next_opening_text(opening: datetime, now: datetime, fmt: Formatter) -> str:
    """「明日11月24日（火）8時30分」 style text for the next opening."""
    days_ahead = (opening.date() - now.date()).days
    prefix = {0: fmt.today, 1: fmt.tomorrow}.get(days_ahead, fmt.other_day)
    return fmt.opening_pattern.format(
        prefix=prefix,
        date=fmt.date(opening.date(), reference=now.date()),
        time=fmt.time(opening.time()),
    )


def weekly_hours_text(schedule: OfficeSchedule, fmt: Formatter) -> str:
    """「月曜日〜金曜日の8時30分〜17時15分」: consecutive days with equal hours grouped."""
    runs: List[Tuple[int, int, DayHours]] = []
    indexed = list(enumerate(schedule.weekly))
    for hours, group in groupby(indexed, key=lambda item: item[1]):
        days = [index for index, _ in group]
        if hours is not None:
            runs.append((days[0], days[-1], hours))
    return fmt.list_separator.join(
        _run_text(fmt, first, last, hours) for first, last, hours in runs
    )


def _run_text(fmt: Formatter, first: int, last: int, hours: DayHours) -> str:
    if not fmt.weekly_pattern or first == last:
        return fmt.day_hours_pattern.format(days=fmt.day_range(first, last), hours=fmt.hours(hours))
    names = fmt.range_weekdays or fmt.weekday_long
    return fmt.weekly_pattern.format(
        first=names[first],
        last=names[last],
        open=fmt.time(hours.open),
        close=fmt.time(hours.close),
    )


def closed_days_text(schedule: OfficeSchedule, fmt: Formatter) -> str:
    """「土曜日・日曜日・祝日・年末年始（12月29日〜1月3日）」."""
    parts = [
        fmt.weekday_long[index] for index, hours in enumerate(schedule.weekly) if hours is None
    ]
    if schedule.closed_on_national_holidays:
        parts.append(fmt.holidays)
    for (start_month, start_day), (end_month, end_day) in schedule.yearly_closures:
        first, last = fmt.month_day(start_month, start_day), fmt.month_day(end_month, end_day)
        parts.append(fmt.year_end + fmt.aside(f"{first}{fmt.range_separator}{last}"))
    return fmt.list_separator.join(parts)
