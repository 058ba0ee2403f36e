"""Staff teaching the bot: after `make train`, every question staff assigned to a
topic in the review inbox (exported to data/nlu/reviewed/<language>.yml by
`python -m bot.review export` or the inbox's export button) is answered with
that topic.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List, Tuple

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

pytestmark = pytest.mark.model

REVIEWED_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu" / "reviewed"


def reviewed_examples() -> List[Tuple[str, str, str]]:
    """(file, text, intent) of every example staff exported."""
    examples = []
    for path in sorted(REVIEWED_DIR.glob("*.yml")):
        for example in load_data(str(path)).intent_examples:
            examples.append((path.name, example.get("text"), example.get("intent")))
    return examples


REVIEWED = reviewed_examples()


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


@pytest.mark.skipif(not REVIEWED, reason="no staff-reviewed examples in data/nlu/reviewed yet")
@pytest.mark.parametrize(("file", "text", "intent"), REVIEWED)
def test_a_reviewed_question_is_answered_with_its_topic(
    agent: Agent, file: str, text: str, intent: str
) -> None:
    parsed = asyncio.run(agent.parse_message(text))
    assert parsed["intent"]["name"] == intent, (
        f"{file}: {text!r} was assigned to {intent} by staff but the model says "
        f"{parsed['intent']['name']} ({parsed['intent']['confidence']:.2f})"
    )
