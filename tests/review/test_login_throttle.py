"""The growing delay per account and the limit per client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.review.auth.throttle import LoginThrottle

THROTTLE = LoginThrottle()
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "delay_s"),
    [(0, 0), (2, 0), (3, 30), (4, 60), (5, 120), (7, 480), (8, 900), (40, 900)],
)
def test_the_delay_doubles_up_to_fifteen_minutes(failures: int, delay_s: int) -> None:
    assert THROTTLE.account_delay(failures) == timedelta(seconds=delay_s)


def test_the_wait_counts_from_the_last_failure() -> None:
    last = NOW - timedelta(seconds=20)
    assert THROTTLE.account_wait(3, last, NOW) == timedelta(seconds=10)
    assert THROTTLE.account_wait(3, NOW - timedelta(seconds=31), NOW) == timedelta(0)
    assert THROTTLE.account_wait(2, NOW, NOW) == timedelta(0)


def test_an_address_is_stopped_after_twenty_failures() -> None:
    assert not THROTTLE.address_blocked(19)
    assert THROTTLE.address_blocked(20)
