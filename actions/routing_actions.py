"""The action that handles everything the bot cannot answer itself."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_replies import language_of, utter_contact, utter_office_status
from actions.routing import suggested_topics, suggestion_buttons
from bot.nlp.normalize import has_words
from bot.review.capture.hook import capture_routed_question
from bot.town.topic_titles import load_topic_titles

logger = logging.getLogger(__name__)

HANDOFF_INTENTS = frozenset({"request_human"})


class ActionRouteToOffice(Action):
    """Offers likely topics when the question was ambiguous, otherwise
    apologises and gives the DX office's contact and whether it is open now.

    A message without words (blank, only punctuation or emoji) gets a request
    to type the question instead.
    Triggered by nlu_fallback, out_of_scope, request_human, deny (after
    suggestions) and as the RulePolicy's core fallback.
    """

    def name(self) -> str:
        return "action_route_to_office"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        language = language_of(tracker)
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")

        if not has_words(message.get("text") or ""):
            dispatcher.utter_message(response="utter_ask_for_question")
            return []

        # Staff review inbox (bot/review): stored redacted before the reply.
        await asyncio.to_thread(capture_routed_question, tracker)

        if intent == "nlu_fallback":
            titles = load_topic_titles(language)
            topics = suggested_topics(message.get("intent_ranking") or [], titles.topics)
            if topics:
                dispatcher.utter_message(
                    response="utter_suggest_topics",
                    buttons=suggestion_buttons(topics, titles),
                )
                return []

        intro = "utter_handoff_intro" if intent in HANDOFF_INTENTS else "utter_cannot_answer"
        dispatcher.utter_message(response=intro)
        utter_contact(dispatcher)
        utter_office_status(dispatcher, language)
        return []
