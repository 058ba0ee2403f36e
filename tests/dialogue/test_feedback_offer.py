"""「解決しましたか？」 follows every topic answer in the rules and stories, and
nothing else (bot.dialogue.intent_roles says which intents are topics)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from bot.dialogue.intent_roles import FEEDBACK_OFFER_ACTION, intent_roles

ROOT = Path(__file__).resolve().parents[2]
DIALOGUE_FILES = sorted(
    [*(ROOT / "data" / "rules").glob("*.yml"), *(ROOT / "data" / "stories").glob("*.yml")]
    + [ROOT / "tests" / "test_stories.yml"]
)


def turns(path: Path) -> Iterator[Tuple[str, List[str]]]:
    """(intent, the actions that answer it) for each resident turn of a file."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in content.get("rules") or content.get("stories") or []:
        intent, actions = None, []
        for step in block["steps"]:
            if "intent" in step:
                if intent is not None:
                    yield intent, actions
                intent, actions = step["intent"], []
            elif "action" in step and intent is not None:
                actions.append(step["action"])
        if intent is not None:
            yield intent, actions


@pytest.mark.parametrize("path", DIALOGUE_FILES, ids=lambda path: path.name)
def test_topic_answers_and_only_they_end_with_the_feedback_offer(path: Path) -> None:
    roles = intent_roles()
    for intent, actions in turns(path):
        if not actions:
            continue
        offered = actions[-1] == FEEDBACK_OFFER_ACTION
        assert offered == roles.is_topic(intent), (path.name, intent, actions)
        assert actions.count(FEEDBACK_OFFER_ACTION) <= 1, (path.name, intent)
