"""Messages about the DX office, shared by every action that shows them.

Contact details come only from town/contact.yml and hours only from
town/office_hours.yml. A broken file is logged and its message skipped; the
other messages still go out, so the resident never sees an error.
"""

from __future__ import annotations

import logging
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import current_time
from bot.language.codes import DEFAULT_LANGUAGE
from bot.town.contact import load_contact
from bot.town.files import TownFactsError
from bot.town.office_hours import OfficeSchedule, closure_on, load_schedule, status_at
from bot.town.phrases.formatting import (
    closed_days_text,
    formatter_for,
    next_opening_text,
    weekly_hours_text,
)
from bot.town.phrases.holiday_names import holiday_name

logger = logging.getLogger(__name__)


def language_of(tracker: Tracker) -> str:
    """Returns the conversation's answer language (the `language` slot)."""
    language: Optional[str] = tracker.get_slot("language")
    return language or DEFAULT_LANGUAGE


def utter_contact(dispatcher: CollectingDispatcher) -> bool:
    """Sends the office's contact details.

    Returns:
        False if contact.yml could not be read (the error is logged).
    """
    try:
        contact = load_contact()
    except TownFactsError:
        logger.exception("Contact details unavailable.")
        return False
    dispatcher.utter_message(response="utter_contact_details", **contact.as_template_values())
    return True


def _load_schedule_or_none() -> Optional[OfficeSchedule]:
    try:
        return load_schedule()
    except TownFactsError:
        logger.exception("Office hours unavailable.")
        return None


def utter_office_status(dispatcher: CollectingDispatcher, language: str) -> None:
    """Sends whether the office is open now, today's hours or the next opening.

    On a national holiday or during the year-end closure, says why first.
    """
    schedule = _load_schedule_or_none()
    if schedule is None:
        return
    fmt = formatter_for(language)
    status = status_at(schedule, current_time(schedule.timezone))
    if status.is_open and status.today is not None:
        dispatcher.utter_message(
            response="utter_office_open_now", today_hours=fmt.hours(status.today)
        )
        return
    closure = closure_on(schedule, status.now.date())
    if closure is not None and closure.kind == "holiday" and closure.holiday_name:
        dispatcher.utter_message(
            response="utter_office_closed_holiday",
            holiday_name=holiday_name(closure.holiday_name, language),
        )
    elif closure is not None and closure.kind == "year_end":
        dispatcher.utter_message(response="utter_office_closed_year_end")
    if status.next_opening is not None:
        dispatcher.utter_message(
            response="utter_office_closed_now",
            next_opening=next_opening_text(status.next_opening, status.now, fmt),
        )


def utter_weekly_hours(dispatcher: CollectingDispatcher, language: str) -> None:
    """Sends the regular opening hours and the closed days."""
    schedule = _load_schedule_or_none()
    if schedule is None:
        return
    fmt = formatter_for(language)
    dispatcher.utter_message(
        response="utter_office_hours",
        weekly_hours=weekly_hours_text(schedule, fmt),
        closed_days=closed_days_text(schedule, fmt),
    )
