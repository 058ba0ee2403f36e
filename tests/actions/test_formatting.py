"""Dates and hours written as a Japanese municipal page writes them."""

from datetime import datetime
from zoneinfo import ZoneInfo

from actions.formatting import (
    closed_days_text,
    formatter_for,
    next_opening_text,
    weekly_hours_text,
)
from actions.office_hours import load_schedule

JST = ZoneInfo("Asia/Tokyo")
ja = formatter_for("ja")


def test_weekly_hours_group_the_working_days() -> None:
    assert weekly_hours_text(load_schedule(), ja) == "月曜日〜金曜日 8時30分〜17時15分"


def test_closed_days_list_weekends_holidays_and_year_end() -> None:
    assert (
        closed_days_text(load_schedule(), ja)
        == "土曜日・日曜日・祝日・年末年始（12月29日〜1月3日）"
    )


def test_next_opening_today_tomorrow_and_next_year() -> None:
    now = datetime(2026, 11, 24, 7, 0, tzinfo=JST)
    assert (
        next_opening_text(now.replace(hour=8, minute=30), now, ja) == "本日 11月24日（火） 8時30分"
    )
    tomorrow = datetime(2026, 11, 25, 8, 30, tzinfo=JST)
    assert next_opening_text(tomorrow, now, ja) == "明日 11月25日（水） 8時30分"
    new_year = datetime(2027, 1, 4, 8, 30, tzinfo=JST)
    december = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
    assert next_opening_text(new_year, december, ja) == "2027年1月4日（月） 8時30分"


def test_unknown_language_falls_back_to_japanese() -> None:
    assert formatter_for("xx") is formatter_for("ja")
    assert formatter_for(None) is formatter_for("ja")
