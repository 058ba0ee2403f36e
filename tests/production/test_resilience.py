"""Faults while residents chat through nginx: the action servers stop, PostgreSQL
restarts, Redis becomes unreachable, a Rasa instance is killed. The resident is
never left in silence or shown an error; the bot recovers when the server is
back. The instance kill runs last: it leaves one instance down (the
`all_running` fixture restarts it for any later test)."""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import socket
import subprocess
import time
from typing import Any, List, Tuple

import aiohttp
import pytest

from bot.devtools.scaled import ScaledAssistant
from tests.e2e.reply_language import reply_responses
from tests.production.conftest import (
    PHONE,
    TIMEOUT,
    conversation_turns,
    joined,
    new_sender,
    post_message,
    say,
    tracker_events,
)
from tests.production.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

QUESTION = "DXポリシーの期間は？"  # answered by a custom action
ANSWER = "令和5年度から令和7年度まで"
SORRY = "お答えできません"  # the 'unavailable' notice (bot/channels/notices.yml)
RECOVERY_S = 30


def is_notice(replies: Any) -> bool:
    text = joined(replies)
    return PHONE in text and SORRY in text and ANSWER not in text


def is_answer(status: int, replies: Any) -> bool:
    return status == 200 and ANSWER in joined(replies)


def assert_polite(status: int, replies: Any) -> None:
    """Never a 500, never an empty answer, never a stack trace."""
    assert status in (200, 503), (status, replies)
    assert isinstance(replies, list) and replies, (status, replies)
    assert "Traceback" not in joined(replies) and "Error" not in joined(replies)


def wait_for_answer(base: str, *, timeout_s: float = RECOVERY_S) -> float:
    """Asks until the normal answer comes back; returns the seconds it took."""
    started = time.monotonic()
    while True:
        status, replies = say(base, new_sender("probe"), QUESTION)
        assert_polite(status, replies)
        if is_answer(status, replies):
            return time.monotonic() - started
        assert time.monotonic() - started < timeout_s, f"no recovery: {replies}"
        time.sleep(1)


def test_action_servers_stopped_mid_run(all_running: ScaledAssistant) -> None:
    """Residents keep asking while both action servers stop and one comes back."""
    records: List[Tuple[str, int, Any]] = []
    phase = ["before"]

    async def resident(session: aiohttp.ClientSession, number: int, stop: asyncio.Event) -> None:
        turn = 0
        while not stop.is_set():
            sender = f"load{number}-{turn // 5}"  # five turns per conversation
            current = phase[0]
            status, replies = await post_message(session, all_running.url, sender, QUESTION)
            records.append((current if current == phase[0] else "switch", status, replies))
            turn += 1
            await asyncio.sleep(1.2)  # below the rate limit (1 per second, burst 10)

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            tasks = [asyncio.create_task(resident(session, n, stop)) for n in range(4)]
            await asyncio.sleep(3)
            phase[0] = "stopping"
            for name in ("actions-1", "actions-2"):
                await loop.run_in_executor(None, all_running.stop, name)
            phase[0] = "down"
            await asyncio.sleep(6)
            phase[0] = "starting"
            await loop.run_in_executor(None, all_running.start, "actions-1")
            phase[0] = "back"
            await asyncio.sleep(8)
            stop.set()
            await asyncio.gather(*tasks)

    asyncio.run(scenario())
    for _, status, replies in records:
        assert_polite(status, replies)
    down = [replies for name, _, replies in records if name == "down"]
    assert down and all(is_notice(replies) for replies in down), down[:3]
    before = [(s, r) for name, s, r in records if name == "before"]
    assert before and all(is_answer(s, r) for s, r in before)
    back = [(s, r) for name, s, r in records if name == "back"]
    # nginx may still hold the stopped server as failed for a moment (fail_timeout=5s).
    assert back and is_answer(*back[-1]), back[-3:]
    assert sum(is_answer(s, r) for s, r in back) >= len(back) // 2
    all_running.start("actions-2")


def postgres_cluster() -> List[str]:
    """`pg_ctlcluster` arguments of the local cluster on port 5432, if we may use it."""
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
        pytest.skip("restarting PostgreSQL needs root and pg_ctlcluster (Debian)")
    listing = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for line in listing:
        fields = line.split()
        if len(fields) >= 3 and fields[2] == "5432":
            return [fields[0], fields[1]]
    pytest.skip("no local PostgreSQL cluster on port 5432")


def test_postgresql_restart_loses_no_conversation(all_running: ScaledAssistant) -> None:
    version, cluster = postgres_cluster()
    senders = [new_sender("pg") for _ in range(6)]
    texts = ["こんにちは", QUESTION, "ありがとう"]
    for sender in senders:
        for text in texts[:2]:
            assert say(all_running.url, sender, text)[0] == 200
    subprocess.run(["pg_ctlcluster", version, cluster, "stop"], check=True)
    try:
        # Rasa's fail-safe tracker store answers from memory or the channel
        # sends the notice: either way polite, never an error.
        status, replies = say(all_running.url, new_sender("pg-down"), QUESTION)
        assert_polite(status, replies)
        assert is_answer(status, replies) or is_notice(replies), (status, replies)
    finally:
        subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True)
    for sender in senders:
        status, replies = say(all_running.url, sender, texts[2])
        assert status == 200 and "どういたしまして" in joined(replies), replies

    async def histories() -> list:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            return [await tracker_events(session, all_running.rasa_urls[0], s) for s in senders]

    for events in asyncio.run(histories()):
        assert [text for text, _ in conversation_turns(events)] == texts


def test_redis_unavailable_is_a_clear_error_then_recovers(
    all_running: ScaledAssistant, redis_proxy: TcpProxy
) -> None:
    sender = new_sender("redis")
    assert is_answer(*say(all_running.url, sender, QUESTION))
    redis_proxy.close()
    try:
        for base in [all_running.url, *all_running.rasa_urls]:
            status, replies = say(base, sender, QUESTION)
            assert status == 503 and is_notice(replies), (base, status, replies)
    finally:
        redis_proxy.open()
    started = time.monotonic()
    while not is_answer(*(result := say(all_running.url, sender, QUESTION))):
        assert_polite(*result)
        assert time.monotonic() - started < RECOVERY_S, result
        time.sleep(1)


def port_refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def test_one_rasa_instance_killed_the_other_keeps_serving(all_running: ScaledAssistant) -> None:
    """Messages in flight at the crash get an answer or the polite 503 (nginx does
    not resend a POST the dying instance had received: it might have been
    handled); once the instance is gone, every message is answered by the other."""
    sender = new_sender("failover")
    status, replies = say(all_running.rasa_urls[1], sender, "やさしい日本語でお願いします")
    assert reply_responses(replies[0]["text"]).get("utter_language_changed") == "easy_ja"
    killed_port = int(all_running.rasa_urls[1].rsplit(":", 1)[1])

    async def burst(session: aiohttp.ClientSession, count: int) -> list:
        return await asyncio.gather(
            *(
                post_message(session, all_running.url, new_sender("survivor"), QUESTION)
                for _ in range(count)
            )
        )

    async def scenario() -> Tuple[list, list]:
        loop = asyncio.get_running_loop()
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            in_flight = asyncio.create_task(burst(session, 10))
            await asyncio.sleep(0.5)
            await loop.run_in_executor(
                None, functools.partial(all_running.stop, "rasa-2", crash=True)
            )
            during = await in_flight
            deadline = time.monotonic() + 30
            while not port_refuses(killed_port):
                assert time.monotonic() < deadline, "the killed instance still accepts connections"
                await asyncio.sleep(0.2)
            return during, await burst(session, 20)

    during, after = asyncio.run(scenario())
    for status, replies in during:
        assert_polite(status, replies)
        assert is_answer(status, replies) or (status == 503 and is_notice(replies)), replies
    assert all(is_answer(status, replies) for status, replies in after), after[:3]
    # The conversation begun on the killed instance goes on, in its language.
    status, replies = say(all_running.url, sender, QUESTION)
    assert status == 200
    assert reply_responses(replies[0]["text"]).get("utter_policy_period_ended") == "easy_ja"
