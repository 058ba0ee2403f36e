"""Staff publish a model: both Rasa instances behind nginx switch to it without a
restart while 20 residents keep chatting, the model they run is the one the gate
measured (same SHA-256), and a rollback switches both back."""

from __future__ import annotations

import asyncio
import hashlib
import urllib.request
from pathlib import Path
from typing import Dict, List

import pytest

from bot.devtools.scaled import ScaledAssistant
from bot.review.publish.files import model_files_from_env, sha256_of
from bot.review.publish.releases import (
    fingerprint_of,
    live_model,
    publish_run,
    rollback,
    running_instances,
    wait_until_live,
)
from bot.review.settings import load_review_settings
from bot.review.storage.store import ReviewStore
from tests.model_releases import passed_run, repacked, residents_chatting
from tests.production.conftest import joined, post_message

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

RESIDENTS = 20
QUESTIONS = [
    "DXポリシーの期間は？",
    "What are the office hours?",
    "Quais são os princípios básicos?",
]


@pytest.fixture
def store(review_env: Dict[str, str]) -> ReviewStore:
    opened = ReviewStore.open(load_review_settings(review_env))
    yield opened
    opened.close()


def _rasa_pids(setup: ScaledAssistant) -> Dict[str, int]:
    return {
        name: service.process.pid
        for name, service in setup.services.items()
        if name.startswith("rasa-") and service.process
    }


def _served_checksum(setup: ScaledAssistant) -> str:
    assert setup.web_url
    with urllib.request.urlopen(f"{setup.web_url}/models/live.tar.gz", timeout=60) as response:  # noqa: S310
        return hashlib.sha256(response.read()).hexdigest()


async def _publish_while_chatting(
    setup: ScaledAssistant, store: ReviewStore, run_id: int, checksum: str
) -> tuple:
    done = asyncio.Event()

    async def say(session, sender, text):  # alternate instances through the balancer
        return await post_message(session, setup.url, sender, text)

    async def publish() -> dict:
        files = model_files_from_env({**_env(setup)})
        await asyncio.sleep(1)  # residents are mid-conversation
        await asyncio.to_thread(publish_run, store.engine, files, run_id, "テスト職員")
        switched = await asyncio.to_thread(wait_until_live, store.engine, checksum, timeout_s=90)
        await asyncio.sleep(1)
        done.set()
        return switched

    chats, switched = await asyncio.gather(
        residents_chatting(say, RESIDENTS, QUESTIONS, done), publish()
    )
    return chats, switched


def _env(setup: ScaledAssistant) -> Dict[str, str]:
    return {"MODEL_STORE_DIR": setup.env["MODEL_STORE_DIR"], "RASA_MODEL": setup.env["RASA_MODEL"]}


def test_published_model_goes_live_on_both_instances_while_residents_chat(
    all_running: ScaledAssistant, store: ReviewStore, tmp_path: Path
) -> None:
    before = _rasa_pids(all_running)
    files = model_files_from_env(_env(all_running))
    base = live_model(store.engine, files)
    candidate = repacked(files.base_model, tmp_path / "candidate.tar.gz", mtime=1_700_000_000)
    checksum = sha256_of(candidate)
    assert checksum != base.checksum
    run_id = passed_run(store.engine, candidate)

    chats, switched = asyncio.run(_publish_while_chatting(all_running, store, run_id, checksum))

    assert switched["running"] == 2 and switched["switched"] == 2, switched
    instances = running_instances(store.engine)
    assert {fingerprint_of(i.fingerprint) for i in instances} == {checksum}
    failed: List[tuple] = [(text, status) for text, status, replies in chats if status != 200]
    empty = [text for text, status, replies in chats if status == 200 and not joined(replies)]
    assert not failed and not empty, (failed[:5], empty[:5])
    assert len(chats) >= RESIDENTS * 2
    assert _served_checksum(all_running) == checksum  # what the gate measured
    assert _rasa_pids(all_running) == before  # no restart

    back = rollback(store.engine, files, "テスト職員")
    assert back.checksum != checksum
    switched = wait_until_live(store.engine, back.checksum, timeout_s=90)
    assert switched["running"] == 2 and switched["switched"] == 2, switched
    assert _rasa_pids(all_running) == before
