"""Time helpers: aware UTC in Python, naive UTC in the database, Tokyo days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def utc_now() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def to_db(moment: datetime) -> datetime:
    """An aware datetime as the naive UTC value stored (naive input is taken as UTC)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(value: Optional[datetime]) -> Optional[datetime]:
    """A stored naive UTC value as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def tokyo_day(moment: datetime) -> date:
    """The Asia/Tokyo calendar day of `moment`."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(TOKYO).date()


def day_start_utc(day: date) -> datetime:
    """The naive UTC moment an Asia/Tokyo day starts."""
    return to_db(datetime.combine(day, time.min, tzinfo=TOKYO))


def day_end_utc(day: date) -> datetime:
    """The naive UTC moment the Asia/Tokyo day after `day` starts (exclusive end)."""
    return day_start_utc(day + timedelta(days=1))
