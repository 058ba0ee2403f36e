"""Choosing between "もしかして…" suggestions and routing to the office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Sequence

from bot.dialogue.intent_roles import FALLBACK_INTENT, OUT_OF_SCOPE_INTENT
from bot.town.topic_titles import TopicTitles

# A best guess among these means no topic fits: nothing is suggested.
NO_TOPIC_FITS = frozenset({FALLBACK_INTENT, OUT_OF_SCOPE_INTENT})


@dataclass(frozen=True)
class SuggestionRules:
    """Thresholds for offering suggestions instead of routing."""

    max_suggestions: int = 3
    # The best topic must reach this confidence to be worth suggesting ...
    min_top_confidence: float = 0.2
    # ... and the others this one.
    min_other_confidence: float = 0.1


def suggested_topics(
    intent_ranking: Iterable[Mapping[str, Any]],
    known_topics: Iterable[str],
    rules: SuggestionRules = SuggestionRules(),
) -> List[str]:
    """Returns the topics worth offering as "もしかして…" buttons, best first.

    No suggestion is made when the classifier's best guess is out of scope,
    or when no topic is likely enough: the resident is then routed.

    Args:
        intent_ranking: the NLU intent ranking (name, confidence), best first.
        known_topics: intents that have a title and may be suggested.
        rules: the thresholds.

    Returns:
        Up to `rules.max_suggestions` intent names, possibly none.
    """
    topics = set(known_topics)
    ranking = [item for item in intent_ranking if item.get("name") != "nlu_fallback"]
    if not ranking or ranking[0].get("name") in NO_TOPIC_FITS:
        return []
    candidates = [item for item in ranking if item.get("name") in topics][: rules.max_suggestions]
    if not candidates or candidates[0].get("confidence", 0.0) < rules.min_top_confidence:
        return []
    return [
        str(item["name"])
        for item in candidates
        if item.get("confidence", 0.0) >= rules.min_other_confidence
    ]


def suggestion_buttons(topics: Sequence[str], titles: TopicTitles) -> List[Dict[str, str]]:
    """Buttons for the suggested topics plus a "none of these" button."""
    buttons = [{"title": titles.topics[topic], "payload": f"/{topic}"} for topic in topics]
    buttons.append({"title": titles.none_of_these, "payload": "/deny"})
    return buttons
