"""The one home of which intents are topics, which are routed to the office,
and which are conversation.

Routed intents come from the rules: an intent is routed when a one-turn rule
answers it with `action_route_to_office` (plus `nlu_fallback`, which Rasa
predicts by itself). Conversation and signal intents are declared here, as a
rule cannot tell a greeting from a policy answer; topics are every other
intent of domain.yml. tests/dialogue/test_intent_roles.py checks that each
intent of the domain has exactly one role.

Used by the review inbox (capture, dashboard, assignable topics), the
suggestions, the NLU scores (bot.intent.scoring, bot.bench) and the tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Tuple

import yaml

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_FILE = ROOT / "domain.yml"
RULES_DIR = ROOT / "data" / "rules"
ROUTING_ACTION = "action_route_to_office"
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
# The resident talks with the bot rather than about the policy or the office.
CONVERSATION_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "ask_capabilities",
        "bot_challenge",
        "choose_language",
        "feedback",
    }
)
# Set by components and channels, never by a resident's words: no examples.
SIGNAL_INTENTS = frozenset({"unsupported_language", "non_text_message"})
# Answers to the bot's own buttons ("none of these", the language buttons):
# staff must not grow their examples from residents' questions.
BUTTON_REPLY_INTENTS = frozenset({"deny", "choose_language", "feedback"})
# The resident's 「解決しましたか？」 answer: /feedback{"helpful": "yes"|"no"}.
FEEDBACK_INTENT = "feedback"
# Sent only as the payload of the bot's own buttons: no training examples.
PAYLOAD_ONLY_INTENTS = frozenset({FEEDBACK_INTENT})
FEEDBACK_ENTITY = "helpful"
# Follows every topic answer in the rules and stories (never other answers).
FEEDBACK_OFFER_ACTION = "action_offer_feedback"


@dataclass(frozen=True)
class IntentRoles:
    """The intents of the domain by what the assistant does with them.

    Attributes:
        topics: policy and office questions the bot answers, in domain order.
        routed: intents handed to the office, nlu_fallback included.
        conversation: greetings, thanks, language choice and the like.
        signals: intents set by components and channels (no examples).
        assignable: intents staff may give a question (not signals, not
            answers to the bot's buttons).
    """

    topics: Tuple[str, ...]
    routed: FrozenSet[str]
    conversation: FrozenSet[str]
    signals: FrozenSet[str]
    assignable: FrozenSet[str]

    def is_topic(self, intent: str) -> bool:
        """Whether `intent` is a policy or office question."""
        return intent in self.topics

    def is_routed(self, intent: str) -> bool:
        """Whether messages of `intent` are handed to the office."""
        return intent in self.routed


@lru_cache(maxsize=4)
def domain_intents(domain_file: Path = DOMAIN_FILE) -> Tuple[str, ...]:
    """The intents listed in domain.yml, in order (none if it is unreadable)."""
    try:
        content = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        logger.warning("domain.yml unreadable; no intent has a role.")
        return ()
    return tuple(
        next(iter(item)) if isinstance(item, dict) else str(item)
        for item in content.get("intents") or []
    )


@lru_cache(maxsize=4)
def routed_intents(rules_dir: Path = RULES_DIR) -> FrozenSet[str]:
    """Intents whose one-turn rule hands the resident to the office, plus nlu_fallback."""
    routed = {FALLBACK_INTENT}
    for path in sorted(rules_dir.glob("*.yml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            steps = rule["steps"]
            if any(step.get("action") == ROUTING_ACTION for step in steps):
                routed |= {step["intent"] for step in steps if "intent" in step}
    return frozenset(routed)


@lru_cache(maxsize=4)
def intent_roles(domain_file: Path = DOMAIN_FILE, rules_dir: Path = RULES_DIR) -> IntentRoles:
    """The roles of the intents of `domain_file`, routing read from `rules_dir`."""
    intents = domain_intents(domain_file)
    routed = routed_intents(rules_dir)
    not_topics = routed | CONVERSATION_INTENTS | SIGNAL_INTENTS
    return IntentRoles(
        topics=tuple(intent for intent in intents if intent not in not_topics),
        routed=routed,
        conversation=CONVERSATION_INTENTS,
        signals=SIGNAL_INTENTS,
        assignable=frozenset(intents) - SIGNAL_INTENTS - BUTTON_REPLY_INTENTS,
    )


def is_routed(intent: str) -> bool:
    """Whether messages of `intent` are handed to the office (per the rules)."""
    return intent in routed_intents()


def is_topic(intent: str) -> bool:
    """Whether `intent` is a policy or office question of the domain."""
    return intent_roles().is_topic(intent)
