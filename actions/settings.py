"""Environment settings of the action server, read in one place.

BOT_NOW   fixes the current time (ISO 8601, e.g. 2026-12-30T10:00:00+09:00) so
          office-hours behaviour can be tested from outside the process.

The town's folder (TOWN_DIR) is read by bot.town.files.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, tzinfo
from typing import Optional

logger = logging.getLogger(__name__)


def fixed_now(local_timezone: tzinfo) -> Optional[datetime]:
    """Returns the time set in BOT_NOW, or None when it is unset or invalid.

    Args:
        local_timezone: the zone assumed when BOT_NOW has no UTC offset.

    Returns:
        An aware datetime, or None to use the real clock.
    """
    value = os.environ.get("BOT_NOW", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        logger.warning("Ignoring BOT_NOW=%r: not an ISO 8601 date-time.", value)
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=local_timezone)


def current_time(local_timezone: tzinfo) -> datetime:
    """Returns now (or BOT_NOW) as an aware datetime in `local_timezone`."""
    moment = fixed_now(local_timezone) or datetime.now(local_timezone)
    return moment.astimezone(local_timezone)
