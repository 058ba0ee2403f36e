"""GET /models/live.tar.gz as Rasa's model pulling uses it: the live model with its
checksum as ETag, 304 while unchanged, the instance's model remembered, access
limited to this installation."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import URL

from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.releases import publish_run, running_instances
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.web import model_server
from bot.web.app import create_app
from bot.web.model_server import MODEL_PATH, MODEL_TOKEN
from bot.web.settings import WebSettings
from bot.web.staff.keys import MODEL_FILES, REVIEW_STORE
from tests.web import aio

BASE = b"the base model"
NEW = b"the model staff published"
TOKEN = "s3cret-token"  # noqa: S105 - a test token


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(
        ReviewSettings(
            db_url=URL.create("sqlite", database=str(tmp_path / "review.db")), hash_key=b"k"
        )
    )
    yield opened
    opened.close()


@pytest.fixture
def files(tmp_path: Path) -> ModelFiles:
    base = tmp_path / "models" / "aisho-dx.tar.gz"
    base.parent.mkdir()
    base.write_bytes(BASE)
    return ModelFiles(root=tmp_path / "var" / "models", base_model=base)


def build(store: ReviewStore, files: ModelFiles, token: str = "") -> web.Application:
    def put(app: web.Application) -> None:
        app[REVIEW_STORE] = store
        app[MODEL_FILES] = files
        app[MODEL_TOKEN] = token

    return create_app(
        WebSettings(rasa_url="http://rasa.example.test:5005"), features=(put, model_server.setup)
    )


def pull(app: web.Application, *requests: Tuple[str, Optional[Dict[str, str]]]) -> list:
    """GETs each (query string, headers): (status, body, headers)."""

    async def scenario() -> list:
        replies = []
        async with TestClient(TestServer(app)) as client:
            for query, headers in requests:
                response = await client.get(MODEL_PATH + query, headers=headers or {})
                replies.append((response.status, await response.read(), response.headers.copy()))
        return replies

    return aio.run(scenario())


def publish(store: ReviewStore, files: ModelFiles) -> str:
    run = runs.start_run(store.engine, "tanaka")
    candidate = files.candidate(run.id)
    candidate.parent.mkdir(parents=True)
    candidate.write_bytes(NEW)
    runs.record(store.engine, run.id, candidate_file=str(candidate), checksum=sha256_of(candidate))
    runs.finish(store.engine, run.id, runs.STATUS_PASSED)
    publish_run(store.engine, files, run.id, "tanaka")
    return sha256_of(candidate)


def test_the_live_model_is_sent_with_its_checksum_and_name(
    store: ReviewStore, files: ModelFiles
) -> None:
    [(status, body, headers)] = pull(build(store, files), ("", None))

    assert status == 200 and body == BASE
    assert headers["ETag"] == f'"{hashlib.sha256(BASE).hexdigest()}"'
    assert headers["filename"] == "aisho-dx.tar.gz"


@pytest.mark.parametrize("quoted", [True, False])
def test_an_instance_with_the_live_model_gets_304_without_body(
    store: ReviewStore, files: ModelFiles, quoted: bool
) -> None:
    checksum = hashlib.sha256(BASE).hexdigest()
    etag = f'"{checksum}"' if quoted else checksum

    [(status, body, headers)] = pull(build(store, files), ("", {"If-None-Match": etag}))

    assert status == 304 and body == b""
    assert headers["ETag"] == f'"{checksum}"'


def test_if_none_match_star_is_304(store: ReviewStore, files: ModelFiles) -> None:
    [(status, body, _)] = pull(build(store, files), ("", {"If-None-Match": "*"}))

    assert status == 304 and body == b""


def test_after_a_publish_the_old_etag_downloads_the_new_model(
    store: ReviewStore, files: ModelFiles
) -> None:
    app = build(store, files)
    old = f'"{hashlib.sha256(BASE).hexdigest()}"'
    [(before, _, _)] = pull(app, ("", {"If-None-Match": old}))

    new_checksum = publish(store, files)
    [(status, body, headers)] = pull(build(store, files), ("", {"If-None-Match": old}))

    assert before == 304
    assert status == 200 and body == NEW
    assert headers["ETag"] == f'"{new_checksum}"'
    assert headers["filename"] == files.candidate(1).name


def test_a_pull_tells_which_model_the_instance_runs(store: ReviewStore, files: ModelFiles) -> None:
    checksum = hashlib.sha256(BASE).hexdigest()

    pull(
        build(store, files),
        ("?instance=rasa-1", {"If-None-Match": f'"{checksum}"'}),
        ("", {"If-None-Match": '"unnamed"'}),  # without a name: not counted
    )

    [instance] = running_instances(store.engine)
    assert (instance.instance, instance.fingerprint) == ("rasa-1", checksum)


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 403), ("?token=wrong", 403), (f"?token={TOKEN}x", 403), (f"?token={TOKEN}", 200)],
)
def test_with_a_token_only_requests_carrying_it_get_the_model(
    store: ReviewStore, files: ModelFiles, query: str, status: int
) -> None:
    [(got, body, _)] = pull(build(store, files, TOKEN), (query, None))

    assert got == status
    assert (body == BASE) is (status == 200)


def test_without_a_token_a_request_through_a_proxy_is_refused(
    store: ReviewStore, files: ModelFiles
) -> None:
    [(status, body, _)] = pull(build(store, files), ("", {"X-Forwarded-For": "203.0.113.9"}))

    assert status == 403 and BASE not in body


def test_a_token_allows_a_rasa_behind_a_proxy(store: ReviewStore, files: ModelFiles) -> None:
    replies: Any = pull(
        build(store, files, TOKEN), (f"?token={TOKEN}", {"X-Forwarded-For": "203.0.113.9"})
    )

    assert replies[0][0] == 200
