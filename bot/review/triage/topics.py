"""The topics staff can assign a question to, with readable titles.

Titles come from the suggestion buttons' files (actions/topic_titles/<lang>.yml);
conversation intents that also take examples have built-in titles. Every
intent of domain.yml that residents can ask is offered; intents the bot
predicts by itself (nlu_fallback, unsupported_language, ...) are not.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from bot.language.codes import answer_language_or_default
from bot.review.models import Candidate
from bot.stores.sql_env import PROJECT_ROOT

logger = logging.getLogger(__name__)

TITLES_DIR = PROJECT_ROOT / "actions" / "topic_titles"
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
# Intents with no examples of their own, or whose examples staff must not grow.
NOT_ASSIGNABLE = frozenset(
    {"nlu_fallback", "unsupported_language", "non_text_message", "choose_language", "deny"}
)
CONVERSATION_TITLES: Dict[str, Dict[str, str]] = {
    "ja": {
        "request_human": "担当者と話したい",
        "greet": "あいさつ",
        "goodbye": "さようなら",
        "thank": "お礼",
        "ask_capabilities": "何ができるか",
        "bot_challenge": "ボットかどうか",
        "out_of_scope": "対象外の質問",
    },
    "en": {
        "request_human": "Talk to a person",
        "greet": "Greeting",
        "goodbye": "Goodbye",
        "thank": "Thanks",
        "ask_capabilities": "What the bot can do",
        "bot_challenge": "Are you a bot?",
        "out_of_scope": "Out of scope",
    },
}


@lru_cache(maxsize=8)
def _titles(language: str, directory: Path) -> Dict[str, str]:
    path = directory / f"{answer_language_or_default(language)}.yml"
    if not path.is_file():
        path = directory / "ja.yml"
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        logger.warning("Topic titles unreadable: %s", path)
        return {}
    return {str(key): str(value) for key, value in (content.get("topics") or {}).items()}


@lru_cache(maxsize=1)
def domain_intents(domain_file: Path = DOMAIN_FILE) -> Tuple[str, ...]:
    """The intents listed in domain.yml, in order."""
    try:
        content = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        logger.warning("domain.yml unreadable; only titled topics are offered.")
        return ()
    intents = []
    for item in content.get("intents") or []:
        intents.append(next(iter(item)) if isinstance(item, dict) else str(item))
    return tuple(intents)


def topic_choices(
    language: str = "ja",
    guesses: Sequence[Candidate] = (),
    *,
    titles_dir: Path = TITLES_DIR,
) -> List[Tuple[str, str]]:
    """Every topic a question can be assigned to, the bot's guesses first.

    Args:
        language: the language of the titles (ja if it has none).
        guesses: the bot's candidates for the question, best first.
        titles_dir: the folder of the title files.

    Returns:
        (intent, title) pairs: first the guesses that are assignable (in the
        bot's order), then the policy and office topics, then conversation.
    """
    titles = dict(_titles(language, titles_dir))
    conversation = CONVERSATION_TITLES.get(language, CONVERSATION_TITLES["en"])
    if language == "easy_ja":
        conversation = CONVERSATION_TITLES["ja"]
    ordered = list(titles)
    for intent in domain_intents():
        if intent not in titles and intent not in NOT_ASSIGNABLE:
            ordered.append(intent)
    for intent in conversation:
        if intent not in ordered:
            ordered.append(intent)
    names = {**{i: i for i in ordered}, **conversation, **titles}
    known = set(ordered)
    first = [g.intent for g in guesses if g.intent in known]
    first = list(dict.fromkeys(first))
    rest = [intent for intent in ordered if intent not in first]
    return [(intent, names[intent]) for intent in first + rest]


def is_assignable(intent: str) -> bool:
    """Whether `intent` may be given as a question's topic."""
    return intent in {name for name, _ in topic_choices()}
