"""`make run` says when the servers are ready, on the ports it was given."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from bot.devtools.ready import health_urls, ready_message, wait


class _Healthy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def healthy_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Healthy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_ports_come_from_the_environment() -> None:
    urls = health_urls({"ACTION_PORT": "1", "RASA_PORT": "2", "WEB_PORT": "3"})
    assert urls == {
        "actions": "http://localhost:1/health",
        "Rasa": "http://localhost:2/webhooks/rest/",
        "web": "http://localhost:3/healthz",
    }


def test_ready_when_every_server_answers(healthy_port: int) -> None:
    port = str(healthy_port)
    assert wait(5, {"ACTION_PORT": port, "RASA_PORT": port, "WEB_PORT": port}) is None


def test_names_the_server_that_does_not_answer(healthy_port: int) -> None:
    port = str(healthy_port)
    env = {"ACTION_PORT": port, "RASA_PORT": port, "WEB_PORT": "9"}  # nothing on port 9
    assert wait(1, env) == "web"


def test_the_ready_line_shows_the_chat_and_staff_addresses() -> None:
    line = ready_message(21.4, {"WEB_PORT": "8080", "RASA_PORT": "5006"})
    assert line.startswith("[  21 s] ready: website chat http://localhost:8080/")
    assert "http://localhost:8080/staff" in line and "localhost:5006/webhooks/rest/webhook" in line
