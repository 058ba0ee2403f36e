"""The action server's hook into the review inbox.

`capture_routed_question` is called by action_route_to_office before it
replies; `count_resident_message` by the slot validation after every message
(it only tallies in memory: `bot.review.capture.counter` writes in the background).
Both open the review store lazily, once per process, and never let a database
problem stop the reply: failures are logged without any text.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple

from sqlalchemy.exc import SQLAlchemyError

from bot.dialogue.intent_roles import FEEDBACK_INTENT, is_routed
from bot.language.codes import answer_language_or_default
from bot.nlp.normalize import has_words
from bot.review.capture.counter import MessageCounter
from bot.review.models import Candidate, NewQuestion
from bot.review.settings import load_review_settings
from bot.review.storage.store import ReviewStore

logger = logging.getLogger(__name__)

# Why a routed intent's question reached the inbox (bot.dialogue.intent_roles
# says which intents are routed).
REASON_BY_INTENT = {
    "nlu_fallback": "fallback",
    "out_of_scope": "out_of_scope",
    "request_human": "request_human",
    "deny": "not_helpful",
}
MAX_CANDIDATES = 5
# After a failed open, wait this long before trying the database again.
RETRY_SECONDS = 30.0
_EXPECTED_ERRORS = (SQLAlchemyError, OSError, ValueError)


class _StoreHolder:
    """The process's one review store, opened on first use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.store: Optional[ReviewStore] = None
        self.failed_at: Optional[float] = None

    def get(self) -> Optional[ReviewStore]:
        with self.lock:
            if self.store is not None:
                return self.store
            if self.failed_at is not None and time.monotonic() - self.failed_at < RETRY_SECONDS:
                return None
            try:
                self.store = ReviewStore.open(load_review_settings())
            except _EXPECTED_ERRORS as error:
                self.failed_at = time.monotonic()
                logger.error(
                    "Review store unavailable (%s); questions are not captured.",
                    type(error).__name__,
                )
                return None
            self.failed_at = None
            return self.store

    def set(self, store: Optional[ReviewStore]) -> None:
        with self.lock:
            self.store = store
            self.failed_at = None


_HOLDER = _StoreHolder()


def review_store() -> Optional[ReviewStore]:
    """The process's review store, opened on first call; None while unreachable."""
    return _HOLDER.get()


def use_review_store(store: Optional[ReviewStore]) -> None:
    """Replaces the process's store (tests; None reopens from the environment)."""
    _HOLDER.set(store)


_COUNTER = MessageCounter(review_store)


def flush_message_counts() -> int:
    """Writes the message counts tallied so far; returns how many messages."""
    return _COUNTER.flush()


def close_review_store() -> None:
    """Saves pending counts and closes the process's store; the next use reopens it."""
    _COUNTER.flush()
    with _HOLDER.lock:
        store, _HOLDER.store, _HOLDER.failed_at = _HOLDER.store, None, None
    if store is not None:
        store.close()


def candidates_from_ranking(ranking: Iterable[Mapping[str, Any]]) -> Tuple[Candidate, ...]:
    """The bot's top five guesses from an NLU intent ranking, nlu_fallback left out."""
    guesses = [
        Candidate(str(item["name"]), float(item.get("confidence") or 0.0))
        for item in ranking
        if item.get("name") and item.get("name") != "nlu_fallback"
    ]
    return tuple(guesses[:MAX_CANDIDATES])


def is_question(text: str) -> bool:
    """Whether `text` is something a resident typed (words, not a button payload)."""
    return has_words(text) and not text.lstrip().startswith("/")


def _user_events(events: Iterable[Dict[str, Any]]) -> list:
    return [event for event in events if event.get("event") == "user"]


def _previous_question(events: Iterable[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The resident's last real question before the latest message ("that didn't help")."""
    for event in reversed(_user_events(events)[:-1]):
        parse = event.get("parse_data") or {}
        intent = (parse.get("intent") or {}).get("name")
        if intent != "deny" and is_question(event.get("text") or ""):
            return event
    return None


def routed_question(tracker: Any) -> Optional[NewQuestion]:
    """What to capture for the message being routed, or None when nothing is asked.

    Args:
        tracker: the rasa_sdk Tracker at action_route_to_office.

    Returns:
        The question with its reason, or None for a wordless message, a button
        payload, or a "that didn't help" with no earlier question.
    """
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    reason = REASON_BY_INTENT.get(intent or "", "fallback")
    language = answer_language_or_default(tracker.get_slot("language"))
    users = _user_events(tracker.events)
    channel = (users[-1].get("input_channel") if users else None) or "unknown"
    if reason == "not_helpful":
        previous = _previous_question(tracker.events)
        if previous is None:
            return None
        parse = previous.get("parse_data") or {}
        return NewQuestion(
            text=previous.get("text") or "",
            channel=previous.get("input_channel") or channel,
            language=language,
            reason=reason,
            sender_id=tracker.sender_id,
            candidates=candidates_from_ranking(parse.get("intent_ranking") or []),
        )
    text = message.get("text") or ""
    if not is_question(text):
        return None
    return NewQuestion(
        text=text,
        channel=channel,
        language=language,
        reason=reason,
        sender_id=tracker.sender_id,
        candidates=candidates_from_ranking(message.get("intent_ranking") or []),
    )


def capture_routed_question(tracker: Any) -> Optional[int]:
    """Stores the question being routed to the office (redacted) for staff review.

    Args:
        tracker: the rasa_sdk Tracker at action_route_to_office.

    Returns:
        The stored question's id, or None when nothing was stored.
    """
    question = routed_question(tracker)
    if question is None:
        return None
    store = review_store()
    if store is None:
        return None
    try:
        return store.capture(question)
    except _EXPECTED_ERRORS as error:
        logger.error("Could not capture a routed question (%s).", type(error).__name__)
        return None


def count_resident_message(tracker: Any, *, language: str) -> None:
    """Counts the latest message for the dashboard (channel, language, intent; no text).

    Args:
        tracker: the rasa_sdk Tracker after a resident's message.
        language: the answer language chosen for that message.
    """
    message = tracker.latest_message or {}
    if not has_words(message.get("text") or ""):
        return
    intent = (message.get("intent") or {}).get("name") or ""
    if intent == FEEDBACK_INTENT:
        return  # an answer to 「解決しましたか？」, counted by bot.review.capture.feedback
    _COUNTER.record(
        channel=tracker.get_latest_input_channel() or "unknown",
        language=answer_language_or_default(language),
        intent=intent,
        routed=is_routed(intent),
    )
