"""The web server's routes, through aiohttp's test client (no browser, no Rasa)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDictProxy

from bot.web.app import FEATURES, create_app
from bot.web.pages import embed_snippet
from bot.web.settings import WebSettings, WebSettingsError
from tests.conftest import TEST_TOWN_DIR
from tests.web import aio

RASA_URL = "http://rasa.example.test:5005"
PHONE = "0120-000-111"


@dataclass
class Reply:
    status: int
    headers: CIMultiDictProxy
    body: bytes

    def json(self) -> Dict[str, Any]:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(app: web.Application, method: str, path: str, **kwargs: Any) -> Reply:
    """One request to `app` on a test server."""

    async def run() -> Reply:
        async with TestClient(TestServer(app)) as client:
            response = await client.request(method, path, **kwargs)
            return Reply(response.status, response.headers, await response.read())

    return aio.run(run())


@pytest.fixture()
def town_dir(tmp_path: Path) -> Path:
    """A copy of the test town (tests/data/town) whose contact.yml has another phone number."""
    folder = tmp_path / "town"
    shutil.copytree(TEST_TOWN_DIR, folder)
    contact = folder / "contact.yml"
    contact.write_text(
        contact.read_text(encoding="utf-8").replace("0749-42-7680", PHONE), encoding="utf-8"
    )
    return folder


@pytest.fixture()
def app(town_dir: Path) -> web.Application:
    return create_app(WebSettings(rasa_url=RASA_URL, town_dir=town_dir))


def test_page_embeds_the_widget_and_shows_the_town_contact(app: web.Application) -> None:
    reply = call(app, "GET", "/")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    assert '<script src="/widget.js" defer></script>' in reply.text
    assert f'<a href="tel:0120000111">{PHONE}</a>' in reply.text
    assert "&lt;script src=&quot;http://127.0.0.1:" in reply.text  # the snippet, as text
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self';" in policy
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget.js", "text/javascript"),
        ("/static/chat/chat.js", "text/javascript"),
        ("/static/chat/strings.js", "text/javascript"),
        ("/static/chat/chat.css", "text/css"),
        ("/static/site/site.css", "text/css"),
    ],
)
def test_widget_files_are_served(app: web.Application, path: str, content_type: str) -> None:
    reply = call(app, "GET", path)
    assert reply.status == 200
    assert reply.headers["Content-Type"].split(";")[0] in (content_type, "application/javascript")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/static/chat/chat.js", True),
        ("/static/chat/connection.js", True),
        ("/static/chat/chat.css", False),
        ("/static/site/site.css", False),
    ],
)
def test_widget_modules_may_be_loaded_by_other_sites(
    app: web.Application, path: str, allowed: bool
) -> None:
    """Module scripts are fetched with CORS: a town page elsewhere must be allowed."""
    reply = call(app, "GET", path)
    assert reply.status == 200
    assert (reply.headers.get("Access-Control-Allow-Origin") == "*") is allowed


@pytest.mark.parametrize("path", ["/static/../settings.py", "/static/%2e%2e/settings.py"])
def test_static_files_stay_in_their_folder(app: web.Application, path: str) -> None:
    assert call(app, "GET", path).status in (403, 404)


def test_healthz(app: web.Application) -> None:
    reply = call(app, "GET", "/healthz")
    assert (reply.status, reply.json()) == (200, {"status": "ok"})


def test_config_has_the_socket_and_the_contact_from_town_files(app: web.Application) -> None:
    reply = call(app, "GET", "/api/config")
    assert reply.status == 200
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    config = reply.json()
    # The widget connects to the server it came from, which relays to Rasa.
    assert config["socket"] == {"url": "", "path": "/socket.io/", "transports": ["polling"]}
    assert config["contact"]["phone"] == PHONE
    assert config["contact"]["phone_uri"] == "tel:0120000111"
    assert config["contact"]["office_name"].startswith("行革・DX推進室")
    assert set(config["contact"]) == {"office_name", "phone", "phone_uri", "mail_form_url"}


def test_config_tells_the_widget_the_message_limit(
    town_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "300")
    app = create_app(WebSettings(rasa_url=RASA_URL, town_dir=town_dir))
    assert call(app, "GET", "/api/config").json()["max_message_chars"] == 300
    monkeypatch.delenv("MAX_MESSAGE_CHARS")
    app = create_app(WebSettings(rasa_url=RASA_URL, town_dir=town_dir))
    assert call(app, "GET", "/api/config").json()["max_message_chars"] == 1000


def test_config_without_contact_file_is_a_clear_error(tmp_path: Path) -> None:
    app = create_app(WebSettings(rasa_url=RASA_URL, town_dir=tmp_path))
    reply = call(app, "GET", "/api/config")
    assert reply.status == 503
    assert "error" in reply.json()


def test_furigana_api(app: web.Application) -> None:
    reply = call(app, "POST", "/api/furigana", json={"text": "期間は？"})
    assert reply.status == 200
    assert reply.json() == {"segments": [{"text": "期間", "reading": "きかん"}, {"text": "は？"}]}
    assert reply.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[]", 400),
        (b'{"text": 5}', 400),
        (b"{}", 400),
        (json.dumps({"text": "期" * 2001}).encode(), 413),
        (b'{"text": "' + b"a" * 70_000 + b'"}', 413),
        (b"\xff\xfe", 400),
    ],
)
def test_furigana_api_refuses_bad_requests(app: web.Application, body: bytes, status: int) -> None:
    reply = call(
        app, "POST", "/api/furigana", data=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status == status


@pytest.mark.parametrize("path", ["/api/furigana", "/api/config"])
def test_api_preflight_allows_other_origins(app: web.Application, path: str) -> None:
    reply = call(
        app,
        "OPTIONS",
        path,
        headers={
            "Origin": "https://www.town.aisho.shiga.jp",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in reply.headers["Access-Control-Allow-Headers"]


def test_other_modules_can_add_routes(town_dir: Path) -> None:
    async def extra(_: web.Request) -> web.Response:
        return web.Response(text="extra")

    def extra_feature(app: web.Application) -> None:
        app.router.add_get("/extra", extra)

    def make_app() -> web.Application:
        settings = WebSettings(rasa_url=RASA_URL, town_dir=town_dir)
        return create_app(settings, features=(*FEATURES, extra_feature))

    assert call(make_app(), "GET", "/extra").text == "extra"
    assert call(make_app(), "GET", "/healthz").status == 200


@pytest.mark.parametrize("url", ["localhost:5005", "ftp://x", "", "http://"])
def test_settings_refuse_a_rasa_url_that_is_not_http(url: str) -> None:
    with pytest.raises(WebSettingsError, match="RASA_SERVER_URL"):
        WebSettings(rasa_url=url)


@pytest.mark.parametrize("base", ["https://chat.example.jp", "https://chat.example.jp/"])
def test_embed_snippet_is_one_line(base: str) -> None:
    assert embed_snippet(base) == '<script src="https://chat.example.jp/widget.js" defer></script>'
