"""Helpers for tests that publish models to running servers without training:
a copy of a trained model with another checksum, and a run that passed the gate."""

from __future__ import annotations

import asyncio
import gzip
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Tuple

import aiohttp
from sqlalchemy.engine import Engine

from bot.review.publish import runs
from bot.review.publish.files import sha256_of

Say = Callable[[aiohttp.ClientSession, str, str], Awaitable[Tuple[int, Any]]]


def repacked(model: Path, destination: Path, mtime: int) -> Path:
    """The same model in a new gzip wrapper: same answers, another SHA-256."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(gzip.compress(gzip.decompress(model.read_bytes()), mtime=mtime))
    return destination


def passed_run(engine: Engine, candidate: Path, staff: str = "テスト職員") -> int:
    """A finished run whose candidate passed the gate (as the job records it)."""
    run = runs.start_run(engine, staff)
    runs.record(engine, run.id, candidate_file=str(candidate), checksum=sha256_of(candidate))
    runs.finish(engine, run.id, runs.STATUS_PASSED)
    return run.id


async def residents_chatting(
    say: Say, residents: int, texts: List[str], until: asyncio.Event, pause_s: float = 1.0
) -> List[Tuple[str, int, Any]]:
    """`residents` conversations sending `texts` in turn until `until` is set
    (each sends at least one message); returns every (text, status, replies).

    A resident waits for the reply and `pause_s` more, as a person types: at
    most one message a second, the per-sender rate limit's refill rate.
    """
    results: List[Tuple[str, int, Any]] = []

    async def resident(number: int, session: aiohttp.ClientSession) -> None:
        sender = f"publish-resident-{number}-{time.monotonic_ns()}"
        turn = 0
        while turn == 0 or not until.is_set():
            text = texts[(number + turn) % len(texts)]
            status, replies = await say(session, sender, text)
            results.append((text, status, replies))
            turn += 1
            await asyncio.sleep(pause_s)

    timeout = aiohttp.ClientTimeout(total=180)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(resident(number, session) for number in range(residents)))
    return results
