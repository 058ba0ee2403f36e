"""The repository's answers as staff edit them: per topic its responses, per
answer language the original text and buttons, and the text residents get now.

A topic's responses are those its rules and stories utter after the topic's
intent, directly (utter_*) or through one of our custom actions
(ACTION_RESPONSES says which responses each action may send).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.language.codes import ANSWER_LANGUAGES, JAPANESE
from bot.review.models import AnswerEdit
from bot.review.teach.placeholders import placeholders_in

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT / "data"
_OFFICE_STATUS = (
    "utter_office_open_now",
    "utter_office_closed_holiday",
    "utter_office_closed_year_end",
    "utter_office_closed_now",
)
# The responses each custom action of the rules may send (see actions/).
ACTION_RESPONSES: Mapping[str, Tuple[str, ...]] = {
    "action_tell_contact": ("utter_contact_details", *_OFFICE_STATUS),
    "action_tell_office_hours": ("utter_office_hours", *_OFFICE_STATUS),
    "action_tell_policy_period": ("utter_policy_period_running", "utter_policy_period_ended"),
    "action_tell_policy_document": ("utter_policy_document",),
}
# Sent after every topic answer; it belongs to no topic.
NOT_A_TOPIC_ANSWER = frozenset({"action_offer_feedback"})


@dataclass(frozen=True)
class Button:
    """A quick-reply button of an answer."""

    title: str
    payload: str


@dataclass(frozen=True)
class Variant:
    """One answer language's form of a response, as in the repository."""

    language: str
    text: str
    buttons: Tuple[Button, ...] = ()


@dataclass(frozen=True)
class Response:
    """A response (utter_*) with its variant per answer language."""

    name: str
    variants: Mapping[str, Variant]

    def placeholders(self) -> Tuple[str, ...]:
        """Every {placeholder} any language's text of this response uses, sorted."""
        found = set()
        for variant in self.variants.values():
            found.update(placeholders_in(variant.text))
        return tuple(sorted(found))


def variant_language(variant: Mapping[str, object]) -> Optional[str]:
    """The answer language of a response variant: ja without a condition, else the
    value of its `language` slot condition (None for any other condition)."""
    conditions = variant.get("condition")
    if not conditions:
        return JAPANESE
    for condition in conditions if isinstance(conditions, list) else []:
        if isinstance(condition, dict) and condition.get("name") == "language":
            value = condition.get("value")
            return value if value in ANSWER_LANGUAGES else None
    return None


def _variant(language: str, item: Mapping[str, object]) -> Variant:
    buttons = tuple(
        Button(str(button.get("title", "")), str(button.get("payload", "")))
        for button in item.get("buttons") or []  # type: ignore[union-attr]
        if isinstance(button, dict)
    )
    return Variant(language, str(item.get("text") or ""), buttons)


def read_responses_file(path: Path) -> Dict[str, Response]:
    """The responses of one data/responses file (empty when unreadable)."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        logger.warning("Skipping unreadable responses file %s (%s).", path, type(error).__name__)
        return {}
    result: Dict[str, Response] = {}
    for name, items in (content.get("responses") or {}).items():
        variants: Dict[str, Variant] = {}
        for item in items or []:
            language = variant_language(item) if isinstance(item, dict) else None
            if language and language not in variants and item.get("text") is not None:
                variants[language] = _variant(language, item)
        result[str(name)] = Response(str(name), variants)
    return result


@lru_cache(maxsize=4)
def load_responses(data_dir: Path = DATA_DIR) -> Mapping[str, Response]:
    """Every response of `data_dir`/responses, by name."""
    found: Dict[str, Response] = {}
    for path in sorted((data_dir / "responses").glob("*.yml")):
        found.update(read_responses_file(path))
    return found


def _steps(path: Path, key: str) -> Iterable[Sequence[Mapping[str, str]]]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        logger.warning("Skipping unreadable dialogue file %s.", path)
        return []
    return [item.get("steps") or [] for item in content.get(key) or [] if isinstance(item, dict)]


@lru_cache(maxsize=4)
def topic_responses(data_dir: Path = DATA_DIR) -> Mapping[str, Tuple[str, ...]]:
    """Intent → the responses the bot answers it with, in the order they are sent."""
    result: Dict[str, List[str]] = {}
    files = [(path, "rules") for path in sorted((data_dir / "rules").glob("*.yml"))]
    files += [(path, "stories") for path in sorted((data_dir / "stories").glob("*.yml"))]
    for path, key in files:
        for steps in _steps(path, key):
            intent: Optional[str] = None
            for step in steps:
                if "intent" in step:
                    intent = str(step["intent"])
                    continue
                action = str(step.get("action") or "")
                if intent is None or not action or action in NOT_A_TOPIC_ANSWER:
                    continue
                names = (action,) if action.startswith("utter_") else ACTION_RESPONSES.get(action)
                for name in names or ():
                    if name not in result.setdefault(intent, []):
                        result[intent].append(name)
    return {intent: tuple(names) for intent, names in result.items()}


def current_edits(edits: Iterable[AnswerEdit]) -> Dict[Tuple[str, str], AnswerEdit]:
    """(response, language) → the staff edit in force (edits as the store lists them)."""
    return {(edit.response, edit.language): edit for edit in edits if edit.text}


def effective_text(
    variant: Variant, response: str, edits: Mapping[Tuple[str, str], AnswerEdit]
) -> str:
    """The text residents get: the staff's current edit, else the original."""
    edit = edits.get((response, variant.language))
    return edit.text if edit and edit.text else variant.text
