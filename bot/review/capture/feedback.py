"""Residents' answers to 「解決しましたか？」 after a topic answer.

`record_feedback` is called by action_record_feedback: it counts the answer
per topic and language, and for 「いいえ」 puts the question that got the
answer into the review inbox with reason "not_helpful" (redacted like every
captured question). A database problem never stops the reply: failures are
logged without any text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.dialogue.intent_roles import FEEDBACK_ENTITY, FEEDBACK_INTENT, is_topic
from bot.language.codes import answer_language_or_default
from bot.review.capture.hook import candidates_from_ranking, is_question, review_store
from bot.review.capture.writes import NOT_HELPFUL, UNKNOWN_CHANNEL
from bot.review.models import NewQuestion

logger = logging.getLogger(__name__)

_EXPECTED_ERRORS = (SQLAlchemyError, OSError, ValueError)
_YES = frozenset({"yes", "true"})
_NO = frozenset({"no", "false"})


@dataclass(frozen=True)
class Feedback:
    """One resident's answer to 「解決しましたか？」.

    Attributes:
        helpful: True for 「はい」, False for 「いいえ」.
        topic: the intent whose answer was judged.
        channel: the input channel of the question.
        language: the answer language.
        question: the question to put into the inbox (「いいえ」 to a typed
            question only), else None.
    """

    helpful: bool
    topic: str
    channel: str
    language: str
    question: Optional[NewQuestion]


def helpful_value(message: Dict[str, Any]) -> Optional[bool]:
    """The `helpful` entity of a /feedback message: True, False, or None if missing or odd."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == FEEDBACK_ENTITY:
            value = str(entity.get("value")).strip().lower()
            if value in _YES:
                return True
            if value in _NO:
                return False
    return None


def _answered_event(events: Iterable[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The resident's message just before the feedback, if a topic answered it."""
    users = [event for event in events if event.get("event") == "user"]
    if len(users) < 2:
        return None
    previous = users[-2]
    intent = ((previous.get("parse_data") or {}).get("intent") or {}).get("name") or ""
    return previous if is_topic(intent) else None


def feedback_of(tracker: Any) -> Optional[Feedback]:
    """What to record for the latest message, or None when it is not feedback on a topic.

    Args:
        tracker: the rasa_sdk Tracker at action_record_feedback.
    """
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != FEEDBACK_INTENT:
        return None
    helpful = helpful_value(message)
    answered = _answered_event(tracker.events)
    if helpful is None or answered is None:
        return None
    parse = answered.get("parse_data") or {}
    topic = (parse.get("intent") or {}).get("name") or ""
    channel = answered.get("input_channel") or UNKNOWN_CHANNEL
    language = answer_language_or_default(tracker.get_slot("language"))
    text = answered.get("text") or ""
    question = None
    if not helpful and is_question(text):
        question = NewQuestion(
            text=text,
            channel=channel,
            language=language,
            reason=NOT_HELPFUL,
            sender_id=tracker.sender_id,
            candidates=candidates_from_ranking(parse.get("intent_ranking") or []),
        )
    return Feedback(helpful, topic, channel, language, question)


def record_feedback(tracker: Any) -> Optional[bool]:
    """Counts the resident's answer and captures the question after 「いいえ」.

    Args:
        tracker: the rasa_sdk Tracker at action_record_feedback.

    Returns:
        Whether the resident said the answer helped, or None when the message
        was not feedback on a topic answer (nothing is stored then).
    """
    feedback = feedback_of(tracker)
    if feedback is None:
        return None
    store = review_store()
    if store is None:
        return feedback.helpful
    try:
        store.count_feedback(
            channel=feedback.channel,
            language=feedback.language,
            topic=feedback.topic,
            helpful=feedback.helpful,
        )
        if feedback.question is not None:
            store.capture(feedback.question)
    except _EXPECTED_ERRORS as error:
        logger.error("Could not record a resident's feedback (%s).", type(error).__name__)
    return feedback.helpful
