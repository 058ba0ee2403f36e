"""How each answer language writes times, dates and weekdays.

Japanese follows the usual municipal style (11月24日（火） 8時30分); the others
follow their readers' conventions (Tuesday, November 24, 8:30 a.m.; terça-feira,
24 de novembro, 8h30; thứ Ba, 24/11, 8:30; 11月24日（星期二） 8:30; 11월 24일(화)
오전 8시 30분). Easy Japanese avoids kanji: 11/24（かようび） 8:30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Callable, Dict, Sequence

from bot.town.office_hours import DayHours

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_PT_MONTHS = (
    "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
    "setembro", "outubro", "novembro", "dezembro",
)  # fmt: skip


def _ja_time(value: time) -> str:
    return f"{value.hour}時{value.minute:02d}分" if value.minute else f"{value.hour}時"


def _clock_time(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _en_time(value: time) -> str:
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour}:{value.minute:02d} {suffix}"


def _pt_time(value: time) -> str:
    return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"


def _ko_time(value: time) -> str:
    period = "오전" if value.hour < 12 else "오후"
    hour = value.hour % 12 or 12
    minutes = f" {value.minute}분" if value.minute else ""
    return f"{period} {hour}시{minutes}"


@dataclass(frozen=True)
class Formatter:
    """Language-specific words and patterns.

    Patterns use {year}, {month}, {month_name}, {day}, {weekday} (short) and
    {weekday_long}; `year_pattern` adds the year only when it is not the
    reader's current one. `today`, `tomorrow` and `other_day` begin the
    next-opening phrase, which the answers splice in after a verb ("It opens
    again tomorrow, …" / "… on Monday, …"); Japanese and Chinese put no space
    between the words of a date.
    """

    weekday_short: Sequence[str]
    weekday_long: Sequence[str]
    today: str
    tomorrow: str
    list_separator: str
    range_separator: str
    holidays: str
    year_end: str
    date_pattern: str
    month_day_pattern: str
    opening_pattern: str
    time_text: Callable[[time], str]
    month_names: Sequence[str] = ()
    year_pattern: str = ""
    aside_pattern: str = " ({})"
    other_day: str = ""
    day_hours_pattern: str = "{days} {hours}"
    # Regular hours of a run of weekdays, from {first}, {last} (weekday_long
    # or range_weekdays), {open} and {close}; empty: `day_hours_pattern`.
    weekly_pattern: str = ""
    range_weekdays: Sequence[str] = ()

    def aside(self, text: str) -> str:
        """Text in parentheses after a word: （…） in Japanese and Chinese."""
        return self.aside_pattern.format(text)

    def time(self, value: time) -> str:
        """A time of day: 8時30分, 8:30 a.m., 8h30, ..."""
        return self.time_text(value)

    def hours(self, hours: DayHours) -> str:
        """An opening span: 8時30分〜17時15分."""
        return f"{self.time(hours.open)}{self.range_separator}{self.time(hours.close)}"

    def _fields(self, month: int, day: int) -> Dict[str, object]:
        month_name = self.month_names[month - 1] if self.month_names else str(month)
        return {"month": month, "day": day, "month_name": month_name}

    def date(self, value: date, *, reference: date) -> str:
        """A date with its weekday, with the year when it differs from `reference`'s."""
        text = self.date_pattern.format(
            **self._fields(value.month, value.day),
            weekday=self.weekday_short[value.weekday()],
            weekday_long=self.weekday_long[value.weekday()],
        )
        if value.year != reference.year:
            text = self.year_pattern.format(date=text, year=value.year)
        return text

    def month_day(self, month: int, day: int) -> str:
        """A day of the year without weekday: 12月29日, December 29."""
        return self.month_day_pattern.format(**self._fields(month, day))

    def day_range(self, first: int, last: int) -> str:
        """月曜日〜金曜日 (or one day alone)."""
        if first == last:
            return self.weekday_long[first]
        return f"{self.weekday_long[first]}{self.range_separator}{self.weekday_long[last]}"


FORMATTERS: Dict[str, Formatter] = {
    "ja": Formatter(
        weekday_short=("月", "火", "水", "木", "金", "土", "日"),
        weekday_long=("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
        today="本日",
        tomorrow="明日",
        list_separator="・",
        range_separator="〜",
        holidays="祝日",
        year_end="年末年始",
        date_pattern="{month}月{day}日（{weekday}）",
        month_day_pattern="{month}月{day}日",
        opening_pattern="{prefix}{date}{time}",
        day_hours_pattern="{days}の{hours}",
        year_pattern="{year}年{date}",
        time_text=_ja_time,
        aside_pattern="（{}）",
    ),
    "easy_ja": Formatter(
        weekday_short=("げつ", "か", "すい", "もく", "きん", "ど", "にち"),
        weekday_long=(
            "げつようび",
            "かようび",
            "すいようび",
            "もくようび",
            "きんようび",
            "どようび",
            "にちようび",
        ),  # fmt: skip
        today="きょう ",
        tomorrow="あした ",
        list_separator="・",
        range_separator="〜",
        holidays="しゅくじつ（くにの やすみの ひ）",
        year_end="おしょうがつの やすみ",
        date_pattern="{month}/{day}（{weekday_long}）",
        month_day_pattern="{month}/{day}",
        opening_pattern="{prefix}{date} {time}",
        year_pattern="{year}/{date}",
        time_text=_clock_time,
        aside_pattern="（{}）",
    ),
    "en": Formatter(
        weekday_short=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        weekday_long=(
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ),  # fmt: skip
        today="today, ",
        tomorrow="tomorrow, ",
        other_day="on ",
        list_separator=", ",
        range_separator="–",
        holidays="national holidays",
        year_end="year-end and New Year holidays",
        date_pattern="{weekday_long}, {month_name} {day}",
        month_day_pattern="{month_name} {day}",
        opening_pattern="{prefix}{date}, at {time}",
        year_pattern="{date}, {year}",
        time_text=_en_time,
        month_names=_EN_MONTHS,
    ),
    "pt": Formatter(
        weekday_short=("seg", "ter", "qua", "qui", "sex", "sáb", "dom"),
        weekday_long=(
            "segunda-feira",
            "terça-feira",
            "quarta-feira",
            "quinta-feira",
            "sexta-feira",
            "sábado",
            "domingo",
        ),  # fmt: skip
        today="hoje, ",
        tomorrow="amanhã, ",
        list_separator=", ",
        range_separator=" a ",
        holidays="feriados nacionais",
        year_end="recesso de fim de ano",
        date_pattern="{weekday_long}, {day} de {month_name}",
        month_day_pattern="{day} de {month_name}",
        opening_pattern="{prefix}{date}, às {time}",
        year_pattern="{date} de {year}",
        time_text=_pt_time,
        weekly_pattern="de {first} a {last}, das {open} às {close}",
        range_weekdays=("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"),
        month_names=_PT_MONTHS,
    ),
    "vi": Formatter(
        weekday_short=("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
        weekday_long=("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"),
        today="hôm nay, ",
        tomorrow="ngày mai, ",
        list_separator=", ",
        range_separator=" đến ",
        holidays="ngày lễ của Nhật Bản",
        year_end="kỳ nghỉ cuối năm và đầu năm mới",
        date_pattern="{weekday_long}, ngày {day}/{month}",
        month_day_pattern="{day}/{month}",
        opening_pattern="{prefix}{date}, lúc {time}",
        day_hours_pattern="{days}, từ {hours}",
        weekly_pattern="Từ {first} đến {last}, từ {open} đến {close}",
        year_pattern="{date}/{year}",
        time_text=_clock_time,
    ),
    "zh": Formatter(
        weekday_short=("一", "二", "三", "四", "五", "六", "日"),
        weekday_long=("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
        today="今天",
        tomorrow="明天",
        list_separator="、",
        range_separator="至",
        holidays="日本法定节假日",
        year_end="年末年初",
        date_pattern="{month}月{day}日（星期{weekday}）",
        month_day_pattern="{month}月{day}日",
        opening_pattern="{prefix}{date}{time}",
        year_pattern="{year}年{date}",
        time_text=_clock_time,
        aside_pattern="（{}）",
    ),
    "ko": Formatter(
        weekday_short=("월", "화", "수", "목", "금", "토", "일"),
        weekday_long=("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"),
        today="오늘 ",
        tomorrow="내일 ",
        list_separator=", ",
        range_separator="~",
        holidays="일본 공휴일",
        year_end="연말연시",
        date_pattern="{month}월 {day}일({weekday})",
        month_day_pattern="{month}월 {day}일",
        opening_pattern="{prefix}{date} {time}",
        year_pattern="{year}년 {date}",
        time_text=_ko_time,
        aside_pattern="({})",
    ),
}
