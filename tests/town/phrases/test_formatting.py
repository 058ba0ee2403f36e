"""Dates and hours written as a Japanese municipal page writes them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.town.office_hours import load_schedule
from bot.town.phrases.formatting import (
    closed_days_text,
    formatter_for,
    next_opening_text,
    weekly_hours_text,
)

JST = ZoneInfo("Asia/Tokyo")
ja = formatter_for("ja")


def test_weekly_hours_group_the_working_days() -> None:
    assert weekly_hours_text(load_schedule(), ja) == "月曜日〜金曜日の8時30分〜17時15分"


def test_closed_days_list_weekends_holidays_and_year_end() -> None:
    assert (
        closed_days_text(load_schedule(), ja)
        == "土曜日・日曜日・祝日・年末年始（12月29日〜1月3日）"
    )


def test_next_opening_today_tomorrow_and_next_year() -> None:
    now = datetime(2026, 11, 24, 7, 0, tzinfo=JST)
    assert next_opening_text(now.replace(hour=8, minute=30), now, ja) == "本日11月24日（火）8時30分"
    tomorrow = datetime(2026, 11, 25, 8, 30, tzinfo=JST)
    assert next_opening_text(tomorrow, now, ja) == "明日11月25日（水）8時30分"
    new_year = datetime(2027, 1, 4, 8, 30, tzinfo=JST)
    december = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
    assert next_opening_text(new_year, december, ja) == "2027年1月4日（月）8時30分"


def test_unknown_language_falls_back_to_japanese() -> None:
    assert formatter_for("xx") is formatter_for("ja")
    assert formatter_for(None) is formatter_for("ja")


@pytest.mark.parametrize(
    ("language", "weekly", "closed"),
    [
        ("en", "Monday–Friday 8:30 a.m.–5:15 p.m.",
         "Saturday, Sunday, national holidays, year-end and New Year holidays (December 29–January 3)"),  # noqa: E501
        ("pt", "de segunda a sexta, das 8h30 às 17h15",
         "sábado, domingo, feriados nacionais, recesso de fim de ano (29 de dezembro a 3 de janeiro)"),  # noqa: E501
        ("vi", "Từ thứ Hai đến thứ Sáu, từ 8:30 đến 17:15",
         "thứ Bảy, Chủ nhật, ngày lễ của Nhật Bản, kỳ nghỉ cuối năm và đầu năm mới (29/12 đến 3/1)"),  # noqa: E501
        ("zh", "星期一至星期五 8:30至17:15", "星期六、星期日、日本法定节假日、年末年初（12月29日至1月3日）"),  # noqa: E501
        ("ko", "월요일~금요일 오전 8시 30분~오후 5시 15분",
         "토요일, 일요일, 일본 공휴일, 연말연시(12월 29일~1월 3일)"),
        ("easy_ja", "げつようび〜きんようび 8:30〜17:15",
         "どようび・にちようび・しゅくじつ（くにの やすみの ひ）・おしょうがつの やすみ（12/29〜1/3）"),  # noqa: E501
    ],
)  # fmt: skip
def test_hours_in_the_readers_convention(language: str, weekly: str, closed: str) -> None:
    fmt = formatter_for(language)
    assert weekly_hours_text(load_schedule(), fmt) == weekly
    assert closed_days_text(load_schedule(), fmt) == closed


@pytest.mark.parametrize(
    ("language", "tomorrow", "next_year"),
    [
        ("en", "tomorrow, Wednesday, November 25, at 8:30 a.m.", "on Monday, January 4, 2027, at 8:30 a.m."),  # noqa: E501
        ("pt", "amanhã, quarta-feira, 25 de novembro, às 8h30",
         "segunda-feira, 4 de janeiro de 2027, às 8h30"),
        ("vi", "ngày mai, thứ Tư, ngày 25/11, lúc 8:30", "thứ Hai, ngày 4/1/2027, lúc 8:30"),
        ("zh", "明天11月25日（星期三）8:30", "2027年1月4日（星期一）8:30"),
        ("ko", "내일 11월 25일(수) 오전 8시 30분", "2027년 1월 4일(월) 오전 8시 30분"),
        ("easy_ja", "あした 11/25（すいようび） 8:30", "2027/1/4（げつようび） 8:30"),
    ],
)  # fmt: skip
def test_next_opening_in_the_readers_convention(
    language: str, tomorrow: str, next_year: str
) -> None:
    fmt = formatter_for(language)
    now = datetime(2026, 11, 24, 18, 0, tzinfo=JST)
    assert next_opening_text(datetime(2026, 11, 25, 8, 30, tzinfo=JST), now, fmt) == tomorrow
    december = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
    assert next_opening_text(datetime(2027, 1, 4, 8, 30, tzinfo=JST), december, fmt) == next_year
