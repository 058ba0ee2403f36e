"""How failed staff logins slow further attempts, per account and per client address.

- Per account: the first FREE_FAILURES failures in the window cost nothing;
  after that each attempt must wait a delay that doubles with every further
  failure (30 s, 1 min, 2 min, ... at most 15 min) since the last failure.
  A guesser is slowed to a handful of tries an hour, while the account's
  owner is never locked out for longer than the current delay.
- Per client address (the real one, X-Forwarded-For only from TRUSTED_PROXIES):
  at most ADDRESS_LIMIT failures in the window, whatever the account. Staff
  behind the town's proxy are not one address to us, so one person's typos
  (or an attacker elsewhere) do not lock out the whole office.

Every attempt is recorded before the password is checked, and counted in the
same transaction (`bot.review.auth.logins.begin_login_attempt`), so concurrent
attempts cannot all pass the check before the slow hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional


@dataclass(frozen=True)
class LoginThrottle:
    """The limits.

    Attributes:
        window: how long a failure counts.
        free_failures: failures per account before any delay.
        base_delay: the first delay; it doubles with each further failure.
        max_delay: the longest delay.
        address_limit: failures per client address in the window.
    """

    window: timedelta = timedelta(minutes=15)
    free_failures: int = 3
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)
    address_limit: int = 20

    def account_delay(self, failures: int) -> timedelta:
        """The wait after the last failure, given the failures in the window."""
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, 16)
        return min(self.base_delay * (2**doublings), self.max_delay)

    def account_wait(
        self, failures: int, last_failure: Optional[datetime], now: datetime
    ) -> timedelta:
        """How long the account must still wait before its password is checked."""
        delay = self.account_delay(failures)
        if not delay or last_failure is None:
            return timedelta(0)
        return max(timedelta(0), last_failure + delay - now)

    def address_blocked(self, failures: int) -> bool:
        """Whether the client address has failed too often in the window."""
        return failures >= self.address_limit


DEFAULT_THROTTLE = LoginThrottle()
