"""One conversation whose messages alternate between the two Rasa instances keeps
its state: the language chosen on one instance applies on the other, and the
history in PostgreSQL holds every turn in order, whichever instance is asked."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.devtools.scaled import ScaledAssistant
from tests.e2e.reply_language import reply_responses
from tests.production.conftest import (
    TIMEOUT,
    conversation_turns,
    joined,
    new_sender,
    say,
    tracker_events,
)

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]


def first_text(replies: object) -> str:
    assert isinstance(replies, list) and replies, f"no answer: {replies!r}"
    return replies[0]["text"]


def test_language_and_history_survive_switching_instances(all_running: ScaledAssistant) -> None:
    one, two = all_running.rasa_urls
    sender = new_sender("alternate")
    turns = [
        (one, "DXポリシーの期間は？", "utter_policy_period_ended", "ja"),
        (two, "やさしい日本語でお願いします", "utter_language_changed", "easy_ja"),
        (one, "DXポリシーの期間は？", "utter_policy_period_ended", "easy_ja"),
        (two, '/choose_language{"language_choice": "ko"}', "utter_language_changed", "ko"),
        (one, "/ask_policy_period", "utter_policy_period_ended", "ko"),
    ]
    for base, text, response, language in turns:
        status, replies = say(base, sender, text)
        assert status == 200, replies
        assert reply_responses(first_text(replies)).get(response) == language, joined(replies)

    async def histories() -> list:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            return [await tracker_events(session, base, sender) for base in (one, two)]

    for events in asyncio.run(histories()):
        recorded = conversation_turns(events)
        assert [text for text, _ in recorded] == [text for _, text, _, _ in turns]
        assert all(bot_messages >= 1 for _, bot_messages in recorded), recorded
        slots = [e for e in events if e["event"] == "slot" and e["name"] == "language"]
        assert slots[-1]["value"] == "ko"
