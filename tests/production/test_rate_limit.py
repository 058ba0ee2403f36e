"""Per-sender rate limiting through nginx, shared by both instances (buckets in
Redis): a flood from one sender gets 429s with Retry-After and one polite
notice; another sender writing at the same time is answered normally."""

from __future__ import annotations

import asyncio
import time
from typing import Any, List, Tuple

import aiohttp
import pytest

from bot.devtools.scaled import ScaledAssistant
from tests.production.conftest import TIMEOUT, joined, new_sender, say

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

QUESTION = "DXポリシーの期間は？"
ANSWER = "令和5年度から令和7年度まで"
FLOOD = 30
BURST = 10  # RATE_LIMIT_BURST's default


async def post(session: aiohttp.ClientSession, base: str, sender: str) -> Tuple[int, Any, str]:
    body = {"sender": sender, "message": QUESTION}
    async with session.post(f"{base}/webhooks/rest/webhook", json=body) as response:
        return (
            response.status,
            await response.json(content_type=None),
            response.headers.get("Retry-After", ""),
        )


def test_a_flood_is_slowed_and_others_are_not(all_running: ScaledAssistant) -> None:
    flooder, neighbour = new_sender("flood"), new_sender("neighbour")

    async def scenario() -> Tuple[List[Tuple[int, Any, str]], List[Tuple[int, Any, str]]]:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:

            async def neighbour_turns() -> List[Tuple[int, Any, str]]:
                turns = []
                for _ in range(3):
                    turns.append(await post(session, all_running.url, neighbour))
                    await asyncio.sleep(1.5)
                return turns

            flood = [post(session, all_running.url, flooder) for _ in range(FLOOD)]
            *flooded, neighbours = await asyncio.gather(*flood, neighbour_turns())
            return flooded, neighbours

    flooded, neighbours = asyncio.run(scenario())
    statuses = sorted(status for status, _, _ in flooded)
    assert statuses.count(429) >= FLOOD - BURST - 3, statuses
    assert set(statuses) <= {200, 429}, statuses
    refused = [(replies, retry) for status, replies, retry in flooded if status == 429]
    assert all(retry.isdigit() and int(retry) >= 1 for _, retry in refused)
    assert any("時間をおいて" in joined(replies) for replies, _ in refused)
    assert all(status == 200 and ANSWER in joined(r) for status, r, _ in neighbours), neighbours
    time.sleep(max(int(retry) for _, retry in refused) + 1)
    status, replies = say(all_running.url, flooder, QUESTION)
    assert status == 200 and ANSWER in joined(replies)
