"""Reads the staff UI's query strings and forms into the review store's filters.

Invalid values are dropped (the filter shows "any"), never passed to the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlencode

from bot.review.models import STATUSES, QuestionFilter, StatsFilter
from bot.web.staff.render import LANGUAGE_LABELS, TOKYO

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
MAX_SEARCH = 200
MAX_CHANNEL = 40
MAX_IDS = 1000
DEFAULT_DAYS = 30
ALL = "all"


def _date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def today_in_tokyo() -> date:
    """Today's date in Aisho."""
    return datetime.now(TOKYO).date()


@dataclass(frozen=True)
class InboxQuery:
    """The inbox filters as the form shows them, and the store's filter."""

    filter: QuestionFilter
    page: int
    form: Dict[str, str]

    def query_string(self, **changes: str) -> str:
        """The query string of these filters with some values changed (for links)."""
        values = {**self.form, **changes}
        return urlencode({key: value for key, value in values.items() if value})


def inbox_query(query: Mapping[str, str], *, default_status: Optional[str] = "new") -> InboxQuery:
    """The inbox filters from a query string.

    Args:
        query: the request's query (status, language, channel, from, to, q, page).
        default_status: the status shown when none is chosen ("all" is any).

    Returns:
        The filters, the page number (from 1) and the cleaned form values.
    """
    status = query.get("status") or default_status or ALL
    if status not in STATUSES:
        status = ALL
    language = query.get("language", "")
    language = language if language in LANGUAGE_LABELS else ""
    channel = query.get("channel", "").strip()[:MAX_CHANNEL]
    date_from, date_to = _date(query.get("from")), _date(query.get("to"))
    search = " ".join(query.get("q", "").split())[:MAX_SEARCH]
    try:
        page = max(1, min(int(query.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    flt = QuestionFilter(
        status=None if status == ALL else status,
        language=language or None,
        channel=channel or None,
        date_from=date_from,
        date_to=date_to,
        search=search or None,
    )
    form = {
        "status": status,
        "language": language,
        "channel": channel,
        "from": date_from.isoformat() if date_from else "",
        "to": date_to.isoformat() if date_to else "",
        "q": search,
    }
    return InboxQuery(filter=flt, page=page, form=form)


def stats_query(query: Mapping[str, str]) -> Tuple[StatsFilter, Dict[str, str]]:
    """The dashboard's filters: the last 30 days (Tokyo) unless a range is given.

    Args:
        query: the request's query (from, to, language, channel).

    Returns:
        The store's filter and the cleaned form values.
    """
    date_to = _date(query.get("to")) or today_in_tokyo()
    date_from = _date(query.get("from")) or date_to - timedelta(days=DEFAULT_DAYS - 1)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    date_from = max(date_from, date_to - timedelta(days=366))  # at most a year per chart
    language = query.get("language", "")
    language = language if language in LANGUAGE_LABELS else ""
    channel = query.get("channel", "").strip()[:MAX_CHANNEL]
    flt = StatsFilter(
        date_from=date_from, date_to=date_to, language=language or None, channel=channel or None
    )
    form = {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "language": language,
        "channel": channel,
    }
    return flt, form


def question_ids(values: List[str]) -> List[int]:
    """Question ids from form values; raises ValueError for anything else.

    Args:
        values: the submitted `ids` values.

    Returns:
        The ids, without duplicates, in the order given.

    Raises:
        ValueError: a value is not a positive whole number, or there are
            none or too many.
    """
    ids: List[int] = []
    for value in values:
        number = int(str(value).strip())
        if number < 1:
            raise ValueError(f"not a question id: {number}")
        if number not in ids:
            ids.append(number)
    if not ids or len(ids) > MAX_IDS:
        raise ValueError(f"between 1 and {MAX_IDS} questions, not {len(ids)}")
    return ids
