"""Office hours as residents experience them (town/office_hours.yml)."""

from datetime import date, datetime
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

import pytest

from bot.town.files import TownFactsError
from bot.town.office_hours import (
    Closure,
    OfficeSchedule,
    closure_on,
    hours_on,
    load_schedule,
    status_at,
    town_timezone,
)
from tests.conftest import TEST_TOWN_DIR

JST = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def schedule() -> OfficeSchedule:
    return load_schedule(TEST_TOWN_DIR / "office_hours.yml")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=JST)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-24T08:29", False),  # Tuesday, a minute before opening
        ("2026-11-24T08:30", True),
        ("2026-11-24T12:00", True),
        ("2026-11-24T17:14:59", True),  # last second of the day
        ("2026-11-24T17:15", False),  # the closing time is exclusive
        ("2026-11-24T17:15:40", False),
        ("2026-11-24T17:16", False),
        ("2026-11-28T10:00", False),  # Saturday
        ("2026-11-29T10:00", False),  # Sunday
        ("2026-11-23T10:00", False),  # 勤労感謝の日 (a Monday)
        ("2026-05-06T10:00", False),  # 振替休日 for Constitution Day on a Sunday
        ("2026-12-28T10:00", True),  # last working day of the year
        ("2026-12-29T10:00", False),  # 年末年始
        ("2026-12-30T10:00", False),
        ("2027-01-03T10:00", False),
        ("2027-01-04T10:00", True),  # first working day of the year
    ],
)
def test_open_or_closed(schedule: OfficeSchedule, moment: str, is_open: bool) -> None:
    assert status_at(schedule, at(moment)).is_open is is_open


@pytest.mark.parametrize(
    ("moment", "next_opening"),
    [
        ("2026-11-24T08:29", "2026-11-24T08:30"),  # later today
        ("2026-11-24T17:16", "2026-11-25T08:30"),  # tomorrow
        ("2026-11-27T18:00", "2026-11-30T08:30"),  # Friday evening -> Monday
        ("2026-11-22T10:00", "2026-11-24T08:30"),  # Sunday before a holiday Monday
        ("2026-12-30T10:00", "2027-01-04T08:30"),  # across the New Year closure
        ("2026-11-24T10:00", "2026-11-25T08:30"),  # while open: the next day's opening
    ],
)
def test_next_opening(schedule: OfficeSchedule, moment: str, next_opening: str) -> None:
    assert status_at(schedule, at(moment)).next_opening == at(next_opening)


@pytest.mark.parametrize(
    ("day", "closure"),
    [
        (date(2026, 11, 23), Closure("holiday", "勤労感謝の日")),
        (date(2026, 5, 6), Closure("holiday", "憲法記念日 振替休日")),
        (date(2026, 12, 30), Closure("year_end")),
        (date(2027, 1, 1), Closure("year_end")),  # the closure wins over 元日
        (date(2026, 11, 28), None),  # a Saturday needs no reason
        (date(2026, 11, 24), None),
    ],
)
def test_closed_days_say_why(schedule: OfficeSchedule, day: date, closure: Closure) -> None:
    assert closure_on(schedule, day) == closure


def test_the_town_timezone_comes_from_the_town_file(tmp_path: Path) -> None:
    assert str(town_timezone()) == "Asia/Tokyo"
    path = tmp_path / "office_hours.yml"
    path.write_text("timezone: America/Sao_Paulo\n", encoding="utf-8")
    assert str(town_timezone(path)) == "America/Sao_Paulo"
    path.write_text("timezone: Mars/Olympus\n", encoding="utf-8")
    with pytest.raises(TownFactsError):
        town_timezone(path)


def test_status_uses_the_office_timezone(schedule: OfficeSchedule) -> None:
    # 00:00 UTC is 09:00 in Aisho on a Tuesday.
    moment = datetime(2026, 11, 24, 0, 0, tzinfo=ZoneInfo("UTC"))
    status = status_at(schedule, moment)
    assert status.is_open
    assert status.now.utcoffset().total_seconds() == 9 * 3600


def _schedule_from(tmp_path: Path, body: str) -> OfficeSchedule:
    path = tmp_path / "office_hours.yml"
    path.write_text(body, encoding="utf-8")
    return load_schedule(path)


def test_staff_can_add_a_closed_day_and_saturday_hours(tmp_path: Path) -> None:
    schedule = _schedule_from(
        tmp_path,
        """
timezone: Asia/Tokyo
weekly:
  monday: {open: "08:30", close: "17:15"}
  saturday: {open: "09:00", close: "12:00"}
closed_on_national_holidays: false
yearly_closures: []
closed_dates: [2026-11-30]
""",
    )
    saturday_hours: Optional[object] = hours_on(schedule, date(2026, 11, 28))
    assert saturday_hours is not None
    assert hours_on(schedule, date(2026, 11, 30)) is None  # a Monday, closed by hand
    assert hours_on(schedule, date(2026, 11, 23)) is not None  # holidays not observed
    assert hours_on(schedule, date(2026, 11, 24)) is None  # Tuesday not listed


@pytest.mark.parametrize(
    "body",
    [
        "weekly: {monday: {open: '8.30', close: '17:15'}}",
        "timezone: Asia/Tokyo",
        "- not a mapping",
        "weekly: {monday: {open: '08:30'}}",
    ],
)
def test_a_broken_file_raises_a_clear_error(tmp_path: Path, body: str) -> None:
    with pytest.raises(TownFactsError):
        _schedule_from(tmp_path, body)
