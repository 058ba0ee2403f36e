"""The staff UI on aiohttp's test client, with an in-memory store (fakes.FakeStore, held to
the real ReviewStore by test_fake_store_contract.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Sequence, Tuple, TypeVar

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import URL

from bot.review.models import Candidate
from bot.review.settings import ReviewSettings
from bot.web.app import FEATURES, create_app
from bot.web.settings import WebSettings
from bot.web.staff import REVIEW_SETTINGS, REVIEW_STORE, inbox
from tests.web import aio
from tests.web.staff.fakes import FakeStore

T = TypeVar("T")
PASSWORD = "correct horse battery staple"  # noqa: S105 - a test login
RASA_URL = "http://rasa.example.test:5005"
TOPICS: List[Tuple[str, str]] = [
    ("faq/policy_period", "DXポリシーの期間"),
    ("faq/basic_principles", "基本理念"),
    ("faq/garbage_days", "ごみの収集日"),
    ("greet", "あいさつ"),
]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def fake_topic_choices(
    language: str = "ja", guesses: Sequence[Candidate] = ()
) -> List[Tuple[str, str]]:
    """Like bot.review.triage.topics.topic_choices, over TOPICS: guesses first."""
    guessed = [c.intent for c in guesses if c.intent in dict(TOPICS)]
    first = [(intent, dict(TOPICS)[intent]) for intent in guessed]
    return first + [topic for topic in TOPICS if topic[0] not in guessed]


@pytest.fixture(autouse=True)
def topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox, "topic_choices", fake_topic_choices)


@pytest.fixture()
def store() -> FakeStore:
    return FakeStore(users={"staff": PASSWORD})


@pytest.fixture()
def review_settings(tmp_path: Path) -> ReviewSettings:
    return ReviewSettings(
        db_url=URL.create("sqlite", database=str(tmp_path / "unused.db")),
        hash_key=b"test-key",
        export_dir=tmp_path / "reviewed",
    )


def build_app(store: Any, settings: ReviewSettings) -> web.Application:
    """The whole web app (every feature) with `store` as the review store."""

    def put_store(app: web.Application) -> None:
        app[REVIEW_STORE] = store
        app[REVIEW_SETTINGS] = settings

    return create_app(WebSettings(rasa_url=RASA_URL), features=(put_store, *FEATURES))


@pytest.fixture()
def app(store: FakeStore, review_settings: ReviewSettings) -> web.Application:
    return build_app(store, review_settings)


def with_client(app: web.Application, scenario: Callable[[TestClient], Awaitable[T]]) -> T:
    """Runs `scenario` with a test client (one cookie jar) of `app`."""

    async def run() -> T:
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)

    return aio.run(run())


def csrf_in(html: str) -> str:
    """The first CSRF token of a page's forms."""
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def login(
    client: TestClient,
    username: str = "staff",
    password: str = PASSWORD,
    *,
    next_path: str = "/staff",
    headers: Any = None,
) -> Any:
    """Logs in through the login form; returns the (unfollowed) response."""
    page = await client.get("/staff/login")
    token = csrf_in(await page.text())
    return await client.post(
        "/staff/login",
        data={"csrf_token": token, "username": username, "password": password, "next": next_path},
        allow_redirects=False,
        headers=headers,
    )


async def logged_in_page(client: TestClient, path: str) -> Tuple[int, str]:
    """Logs in and GETs `path`: (status, text)."""
    response = await login(client)
    assert response.status == 303, await response.text()
    page = await client.get(path)
    return page.status, await page.text()


def pages(app: web.Application, *paths: str) -> List[str]:
    """Logs in once and GETs each of `paths` (each must answer 200): their texts."""

    async def scenario(client: TestClient) -> List[str]:
        response = await login(client)
        assert response.status == 303, await response.text()
        texts = []
        for path in paths:
            page = await client.get(path)
            text = await page.text()
            assert page.status == 200, (path, text)
            texts.append(text)
        return texts

    return with_client(app, scenario)
