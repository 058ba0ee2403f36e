"""50 residents × 10 messages at once, each conversation alternating between the
two Rasa instances: no error, every turn recorded once and in order (read back
from the tracker store through Rasa's HTTP API), every reply in the resident's
language."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp
import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.devtools.scaled import ScaledAssistant
from bot.language.codes import INPUT_LANGUAGES
from tests.e2e.reply_language import reply_languages
from tests.production.conftest import (
    TIMEOUT,
    conversation_turns,
    joined,
    new_sender,
    post_message,
    tracker_events,
)

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

HELDOUT_DIR = Path(__file__).resolve().parents[1] / "nlu" / "heldout"
LANGUAGES = INPUT_LANGUAGES
RESIDENTS = 50
MESSAGES = 10


def questions(language: str) -> List[str]:
    """The ten longest held-out questions of a language that do not switch language."""
    examples = load_data(str(HELDOUT_DIR / f"{language}.yml")).intent_examples
    texts = [e.get("text") for e in examples if e.get("intent") != "choose_language"]
    return sorted(texts, key=len, reverse=True)[:MESSAGES]


async def resident(
    session: aiohttp.ClientSession, instances: List[str], number: int, texts: List[str]
) -> Tuple[str, List[Tuple[str, int, object]]]:
    """One resident's conversation; turn j goes to instance (number + j) % 2."""
    sender = new_sender(f"resident{number}")
    answers = []
    for turn, text in enumerate(texts):
        base = instances[(number + turn) % len(instances)]
        status, replies = await post_message(session, base, sender, text)
        answers.append((text, status, replies))
    return sender, answers


def test_fifty_residents_ten_messages_each(all_running: ScaledAssistant) -> None:
    by_language = {language: questions(language) for language in LANGUAGES}
    plan: Dict[int, Tuple[str, List[str]]] = {}
    for number in range(RESIDENTS):
        language = LANGUAGES[number % len(LANGUAGES)]
        texts = list(by_language[language])
        random.Random(number).shuffle(texts)  # noqa: S311 - a fixed test order
        plan[number] = (language, texts)

    async def run() -> Tuple[list, list, float]:
        connector = aiohttp.TCPConnector(limit=RESIDENTS * 2)
        async with aiohttp.ClientSession(timeout=TIMEOUT, connector=connector) as session:
            started = time.monotonic()
            results = await asyncio.gather(
                *(
                    resident(session, all_running.rasa_urls, number, texts)
                    for number, (_, texts) in plan.items()
                )
            )
            elapsed = time.monotonic() - started
            histories = [
                await tracker_events(session, all_running.rasa_urls[n % 2], sender)
                for n, (sender, _) in enumerate(results)
            ]
            return results, histories, elapsed

    results, histories, elapsed = asyncio.run(run())
    errors, wrong_language, broken = [], [], []
    for number, ((sender, answers), events) in enumerate(zip(results, histories, strict=True)):
        language, texts = plan[number]
        for text, status, replies in answers:
            if status != 200 or not isinstance(replies, list) or not replies:
                errors.append((sender, text, status, replies))
            elif language not in reply_languages(replies[0].get("text", "")):
                wrong_language.append((language, text, joined(replies)[:120]))
        turns = conversation_turns(events)
        if [t for t, _ in turns] != texts or any(bots < 1 for _, bots in turns):
            broken.append((sender, turns))
    messages = RESIDENTS * MESSAGES
    print(f"\n{messages} messages in {elapsed:.0f} s ({messages / elapsed:.1f}/s)")  # noqa: T201
    assert not errors, errors[:5]
    assert not broken, broken[:3]
    assert not wrong_language, wrong_language[:10]
