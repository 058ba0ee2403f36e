"""The answer language: set after every message, confirmed when chosen."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from bot.language.choice import requested_language
from bot.language.codes import ANSWER_LANGUAGES, answer_language_for_tag
from bot.language.detect import LANGUAGE_DETECTION
from bot.language.resolve import LanguageState, resolve_language
from bot.review.capture.hook import count_resident_message
from bot.town.contact import load_contact
from bot.town.files import TownFactsError

logger = logging.getLogger(__name__)

CHOOSE_LANGUAGE_INTENT = "choose_language"
LANGUAGE_CHOICE_ENTITY = "language_choice"


def chosen_language(latest_message: Dict[str, Any]) -> Optional[str]:
    """The language a message explicitly asks for: a button's entity, or a
    language named in a message classified as choose_language."""
    for entity in latest_message.get("entities") or []:
        if (
            entity.get("entity") == LANGUAGE_CHOICE_ENTITY
            and entity.get("value") in ANSWER_LANGUAGES
        ):
            return str(entity["value"])
    intent = (latest_message.get("intent") or {}).get("name")
    if intent == CHOOSE_LANGUAGE_INTENT:
        return requested_language(latest_message.get("text") or "")
    return None


def channel_language(tracker: Tracker) -> Optional[str]:
    """The preferred language the channel sent in the message's metadata."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            return answer_language_for_tag(metadata.get("language"))
    return None


class ValidateSlotMappings(ValidationAction):
    """Fills `language` and `language_source` after every resident message."""

    async def extract_language(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Applies `bot.language.resolve.resolve_language` to the latest message."""
        message = tracker.latest_message or {}
        detection = message.get(LANGUAGE_DETECTION) or {}
        current = LanguageState(
            tracker.get_slot("language") or LanguageState.language,
            tracker.get_slot("language_source") or LanguageState.source,
        )
        state = resolve_language(
            current,
            chosen=chosen_language(message),
            detected=detection.get("language"),
            preferred=channel_language(tracker),
            likely=detection.get("likely"),
        )
        count_resident_message(tracker, language=state.language)
        return {"language": state.language, "language_source": state.source}

    def validate_language(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Keeps the extracted value (`extract_language` already checked it)."""
        return {"language": slot_value}

    def validate_language_source(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Keeps the extracted value; without this rasa_sdk warns on every message."""
        return {"language_source": slot_value}


class ActionAcknowledgeLanguage(Action):
    """Confirms a language choice in the new language, or offers the choices."""

    def name(self) -> str:
        return "action_acknowledge_language"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        if chosen_language(tracker.latest_message or {}):
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_choose_language")
        return []


class ActionTellSupportedLanguages(Action):
    """Lists the supported languages (in English and Japanese) with the office's contact."""

    def name(self) -> str:
        return "action_tell_supported_languages"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        try:
            values = load_contact().as_template_values()
        except TownFactsError:
            logger.exception("Contact details unavailable.")
            values = {}
        dispatcher.utter_message(response="utter_unsupported_language", **values)
        return []
