"""「解決しましたか？」: offered after every topic answer, and the replies to it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_replies import language_of, utter_contact, utter_office_status
from bot.dialogue.intent_roles import is_topic
from bot.review.capture.feedback import helpful_value, record_feedback

# The buttons' payloads: the feedback intent with its entity (no NLU needed).
FEEDBACK_YES = '/feedback{"helpful": "yes"}'
FEEDBACK_NO = '/feedback{"helpful": "no"}'

logger = logging.getLogger(__name__)


class ActionOfferFeedback(Action):
    """Asks 「解決しましたか？」 with はい／いいえ buttons as a message of its own.

    The rules run it after every topic answer; it stays silent after anything
    else (bot.dialogue.intent_roles says which intents are topics), so a
    greeting or a routed question never gets the buttons.
    """

    def name(self) -> str:
        return "action_offer_feedback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        if is_topic(intent):
            dispatcher.utter_message(
                response="utter_ask_feedback", feedback_yes=FEEDBACK_YES, feedback_no=FEEDBACK_NO
            )
        return []


class ActionRecordFeedback(Action):
    """Counts the resident's はい／いいえ; after いいえ the question goes to the
    review inbox and the resident gets the office's contact."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        await asyncio.to_thread(record_feedback, tracker)
        if helpful_value(tracker.latest_message or {}) is False:
            dispatcher.utter_message(response="utter_feedback_sorry")
            utter_contact(dispatcher)
            utter_office_status(dispatcher, language_of(tracker))
        else:
            dispatcher.utter_message(response="utter_feedback_thanks")
        return []
