"""Policy answers that depend on editable facts or on today's date."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_replies import utter_contact
from actions.settings import current_time
from bot.town.files import TownFactsError
from bot.town.office_hours import DEFAULT_TIMEZONE, town_timezone
from bot.town.policy import load_policy_facts

logger = logging.getLogger(__name__)


def period_response(today: date, plan_period_end: date) -> str:
    """Chooses the period answer: the plan period has ended or is running.

    Args:
        today: the current date in the town.
        plan_period_end: the last day of the plan period.

    Returns:
        The response name.
    """
    return (
        "utter_policy_period_running" if today <= plan_period_end else "utter_policy_period_ended"
    )


class ActionTellPolicyPeriod(Action):
    """The plan period, never presented as running once it has ended."""

    def name(self) -> str:
        return "action_tell_policy_period"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        try:
            zone = town_timezone()
        except TownFactsError:
            logger.exception("Town time zone unavailable; using %s.", DEFAULT_TIMEZONE)
            zone = ZoneInfo(DEFAULT_TIMEZONE)
        today = current_time(zone).date()
        try:
            end = load_policy_facts().plan_period_end
        except TownFactsError:
            logger.exception("Policy facts unavailable; answering as if ended.")
            end = date.min
        dispatcher.utter_message(response=period_response(today, end))
        return []


class ActionTellPolicyDocument(Action):
    """Where to download the policy (the URL lives in town/policy.yml)."""

    def name(self) -> str:
        return "action_tell_policy_document"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        try:
            url = load_policy_facts().policy_page_url
        except TownFactsError:
            logger.exception("Policy page URL unavailable; routing to the office.")
            utter_contact(dispatcher)
            return []
        dispatcher.utter_message(response="utter_policy_document", policy_page_url=url)
        return []
