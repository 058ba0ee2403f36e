"""Actions that tell residents how to reach the DX office and when it is open."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_replies import (
    language_of,
    utter_contact,
    utter_office_status,
    utter_weekly_hours,
)


class ActionTellContact(Action):
    """Contact details, then whether the office is open right now."""

    def name(self) -> str:
        return "action_tell_contact"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        utter_contact(dispatcher)
        utter_office_status(dispatcher, language_of(tracker))
        return []


class ActionTellOfficeHours(Action):
    """Regular hours, closed days, and open/closed now with the next opening."""

    def name(self) -> str:
        return "action_tell_office_hours"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        language = language_of(tracker)
        utter_weekly_hours(dispatcher, language)
        utter_office_status(dispatcher, language)
        return []
