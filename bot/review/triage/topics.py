"""The topics staff can assign a question to, with readable titles.

Titles come from the town's topic titles (bot.town.topic_titles);
conversation intents that also take examples have built-in titles. Every
intent of domain.yml that residents can ask is offered; intents the bot
predicts by itself (nlu_fallback, unsupported_language, ...) are not.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from bot.dialogue.intent_roles import domain_intents, intent_roles
from bot.review.models import Candidate
from bot.town.files import TownFactsError
from bot.town.topic_titles import TITLES_DIR, load_topic_titles

logger = logging.getLogger(__name__)

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
    try:
        topics = load_topic_titles(language, directory).topics
    except TownFactsError as error:
        logger.warning("Topic titles unreadable: %s", error)
        return {}
    return {str(key): str(value) for key, value in topics.items()}


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
    roles = intent_roles()
    for intent in domain_intents():
        if intent not in titles and intent in roles.assignable:
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
