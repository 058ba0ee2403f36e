"""When the DX office is open: a pure model of town/office_hours.yml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jpholiday

from bot.town.files import TownFactsError, read_yaml_mapping, town_dir

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The zone when office_hours.yml names none (the town's own zone).
DEFAULT_TIMEZONE = "Asia/Tokyo"
# How far ahead to look for the next opening (covers any realistic closure).
_SEARCH_DAYS = 60

MonthDay = Tuple[int, int]


@dataclass(frozen=True)
class DayHours:
    """Opening minute (inclusive) and closing minute (exclusive) of one day."""

    open: time
    close: time


@dataclass(frozen=True)
class OfficeSchedule:
    """The office's regular hours and its closed days."""

    timezone: ZoneInfo
    weekly: Tuple[Optional[DayHours], ...]  # index 0 = Monday
    closed_on_national_holidays: bool
    yearly_closures: Tuple[Tuple[MonthDay, MonthDay], ...]
    closed_dates: FrozenSet[date]


@dataclass(frozen=True)
class Closure:
    """Why the office is closed all day: a national holiday or the year-end closure."""

    kind: str  # "holiday" or "year_end"
    holiday_name: Optional[str] = None  # the Japanese name, for holidays


@dataclass(frozen=True)
class OfficeStatus:
    """Whether the office is open at a moment, and what comes next."""

    now: datetime
    is_open: bool
    today: Optional[DayHours]
    next_opening: Optional[datetime]


def _parse_time(value: str) -> time:
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _parse_month_day(value: str) -> MonthDay:
    month, day = str(value).split("-")
    return int(month), int(day)


def load_schedule(path: Optional[Path] = None) -> OfficeSchedule:
    """Loads the schedule from office_hours.yml.

    Args:
        path: the file; defaults to office_hours.yml in the town folder.

    Returns:
        The parsed schedule.

    Raises:
        TownFactsError: a field is missing or a time/date is malformed.
    """
    data = read_yaml_mapping(path or town_dir() / "office_hours.yml")
    try:
        weekly_data: Dict[str, Optional[Dict[str, str]]] = data["weekly"]
        weekly = tuple(
            DayHours(_parse_time(hours["open"]), _parse_time(hours["close"])) if hours else None
            for hours in (weekly_data.get(day) for day in WEEKDAYS)
        )
        closures: List[Tuple[MonthDay, MonthDay]] = [
            (_parse_month_day(item["from"]), _parse_month_day(item["to"]))
            for item in data.get("yearly_closures") or []
        ]
        return OfficeSchedule(
            timezone=ZoneInfo(data.get("timezone", DEFAULT_TIMEZONE)),
            weekly=weekly,
            closed_on_national_holidays=bool(data.get("closed_on_national_holidays")),
            yearly_closures=tuple(closures),
            closed_dates=frozenset(
                day if isinstance(day, date) else date.fromisoformat(day)
                for day in data.get("closed_dates") or []
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TownFactsError(f"office_hours.yml is invalid: {error}.") from error


def town_timezone(path: Optional[Path] = None) -> ZoneInfo:
    """The town's time zone, as office_hours.yml names it.

    Args:
        path: the file; defaults to office_hours.yml in the town folder.

    Raises:
        TownFactsError: the file is unreadable or the zone unknown.
    """
    data = read_yaml_mapping(path or town_dir() / "office_hours.yml")
    try:
        return ZoneInfo(str(data.get("timezone", DEFAULT_TIMEZONE)))
    except (ValueError, ZoneInfoNotFoundError) as error:
        raise TownFactsError(f"office_hours.yml names an unknown timezone: {error}.") from error


def _in_yearly_closure(schedule: OfficeSchedule, day: date) -> bool:
    month_day = (day.month, day.day)
    for start, end in schedule.yearly_closures:
        if start <= end and start <= month_day <= end:
            return True
        if start > end and (month_day >= start or month_day <= end):
            return True
    return False


def closure_on(schedule: OfficeSchedule, day: date) -> Optional[Closure]:
    """Tells why the office is closed all of `day`, when the reason has a name.

    Args:
        schedule: the office's schedule.
        day: the day.

    Returns:
        The year-end closure or the national holiday (with jpholiday's name),
        or None on other days (weekends, one-off closed days, working days).
    """
    if _in_yearly_closure(schedule, day):
        return Closure(kind="year_end")
    if schedule.closed_on_national_holidays and is_national_holiday(day):
        return Closure(kind="holiday", holiday_name=jpholiday.is_holiday_name(day))
    return None


def is_national_holiday(day: date) -> bool:
    """True on Japan's national holidays, substitute holidays included."""
    return jpholiday.is_holiday(day)


def hours_on(schedule: OfficeSchedule, day: date) -> Optional[DayHours]:
    """Returns the opening hours of `day`, or None if the office is closed."""
    if day in schedule.closed_dates or _in_yearly_closure(schedule, day):
        return None
    if schedule.closed_on_national_holidays and is_national_holiday(day):
        return None
    return schedule.weekly[day.weekday()]


def status_at(schedule: OfficeSchedule, moment: datetime) -> OfficeStatus:
    """Tells whether the office is open at `moment` and when it opens next.

    The opening time is inclusive and the closing time exclusive: with hours
    8:30–17:15 the office is closed at 8:29:59, open at 8:30 and at 17:14:59,
    and closed from 17:15:00.

    Args:
        schedule: the office's schedule.
        moment: an aware datetime.

    Returns:
        The status; `next_opening` is the next opening strictly after `moment`
        (None if none within the search window).
    """
    local = moment.astimezone(schedule.timezone)
    clock = local.time().replace(tzinfo=None)
    today = hours_on(schedule, local.date())
    open_now = today is not None and today.open <= clock < today.close
    return OfficeStatus(
        now=local,
        is_open=open_now,
        today=today,
        next_opening=_next_opening(schedule, local),
    )


def _next_opening(schedule: OfficeSchedule, local: datetime) -> Optional[datetime]:
    for offset in range(_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        hours = hours_on(schedule, day)
        if hours is None:
            continue
        opening = datetime.combine(day, hours.open, tzinfo=schedule.timezone)
        if opening > local:
            return opening
    return None
