"""Simulated residents over the REST channel: latency percentiles and throughput.

Each resident is one conversation (its own sender id) asking its questions one
after another; `concurrency` residents chat at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import aiohttp
import yaml

from bot.devtools.servers import ROOT
from bot.language.codes import INPUT_LANGUAGES

logger = logging.getLogger(__name__)

HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
LANGUAGES = INPUT_LANGUAGES
TIMEOUT = aiohttp.ClientTimeout(total=300)


@dataclass
class LoadRun:
    """The result of one load level.

    Attributes:
        concurrency: residents chatting at once.
        messages: messages sent.
        errors: answers that were not 200 with at least one message.
        seconds: wall-clock time of the run.
        latencies_ms: per message, in sending order.
        languages: the question's language per message.
    """

    concurrency: int
    messages: int
    errors: int
    seconds: float
    latencies_ms: List[float] = field(repr=False)
    languages: List[str] = field(repr=False)

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the messages were answered (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

    def summary(self) -> Dict[str, float]:
        """p50/p95/p99 in ms, messages per second and the error count."""
        return {
            "concurrency": self.concurrency,
            "messages": self.messages,
            "errors": self.errors,
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "messages_per_s": round(self.messages / self.seconds, 2),
        }

    def to_json(self) -> Dict[str, object]:
        """Everything, for var/bench/latency.json."""
        return {**self.summary(), **asdict(self), "seconds": round(self.seconds, 2)}


def heldout_questions(language: str) -> List[str]:
    """The held-out questions of one language (never trained on), in file order."""
    data = yaml.safe_load((HELDOUT_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return [
        line.strip()[2:].strip()
        for item in data["nlu"]
        for line in item["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def workload(residents: int, messages_each: int) -> List[List[Tuple[str, str]]]:
    """Per resident, (language, question) pairs: resident n asks in language n % 6,
    walking through that language's held-out questions."""
    questions = {language: heldout_questions(language) for language in LANGUAGES}
    plan = []
    for number in range(residents):
        language = LANGUAGES[number % len(LANGUAGES)]
        pool = questions[language]
        start = (number // len(LANGUAGES)) * messages_each
        plan.append([(language, pool[(start + i) % len(pool)]) for i in range(messages_each)])
    return plan


async def _resident(
    session: aiohttp.ClientSession,
    url: str,
    questions: Sequence[Tuple[str, str]],
    results: List[Tuple[str, float, bool]],
) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    for language, text in questions:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as response:
                body = await response.json(content_type=None)
                ok = response.status == 200 and isinstance(body, list) and bool(body)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            ok = False
        results.append((language, (time.perf_counter() - started) * 1000, ok))


async def _run(
    base: str, plan: List[List[Tuple[str, str]]], concurrency: int
) -> Tuple[list, float]:
    url = f"{base}/webhooks/rest/webhook"
    results: List[Tuple[str, float, bool]] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(questions: List[Tuple[str, str]]) -> None:
        async with gate:
            await _resident(session, url, questions, results)

    connector = aiohttp.TCPConnector(limit=concurrency + 10)
    async with aiohttp.ClientSession(timeout=TIMEOUT, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(one(questions) for questions in plan))
        return results, time.perf_counter() - started


def measure(base: str, concurrency: int, residents: int, messages_each: int) -> LoadRun:
    """Runs `residents` conversations of `messages_each` questions, `concurrency` at once.

    Args:
        base: the server (the nginx balancer).
        concurrency: residents chatting at the same time.
        residents: conversations in total (at least 6: one per language).
        messages_each: questions per resident.

    Returns:
        The run's latencies and throughput.
    """
    plan = workload(max(residents, concurrency), messages_each)
    results, seconds = asyncio.run(_run(base, plan, concurrency))
    run = LoadRun(
        concurrency=concurrency,
        messages=len(results),
        errors=sum(not ok for _, _, ok in results),
        seconds=seconds,
        latencies_ms=[round(ms, 1) for _, ms, _ in results],
        languages=[language for language, _, _ in results],
    )
    logger.info("concurrency %d: %s", concurrency, run.summary())
    return run


def per_language(run: LoadRun) -> Dict[str, Dict[str, float]]:
    """p50/p95 per question language of one run."""
    table: Dict[str, Dict[str, float]] = {}
    for language in LANGUAGES:
        latencies = [
            ms for ms, lang in zip(run.latencies_ms, run.languages, strict=True) if lang == language
        ]
        if latencies:
            sub = LoadRun(run.concurrency, len(latencies), 0, 1.0, latencies, [language])
            table[language] = {
                "messages": len(latencies),
                "p50_ms": round(sub.percentile(0.5), 1),
                "p95_ms": round(sub.percentile(0.95), 1),
            }
    return table


def results_dir() -> Path:
    """var/bench, created."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
