"""The balancer's nginx in front of the web server: what a client can and cannot do.

Real nginx (Debian's, as `make run-scaled` runs it) with the rendered config
and the real web server (`python -m bot.web`); the Rasa instances are tiny
HTTP servers that say who answered. Requests come from 127.0.0.1 like the web
server's relay, naming the resident in X-Forwarded-For.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from bot.devtools.nginx import (
    BalancerLayout,
    ClientLimits,
    NginxMissingError,
    nginx_binary,
    nginx_command,
    write_config,
)
from bot.devtools.servers import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StandIn(http.server.BaseHTTPRequestHandler):
    """A Rasa instance that answers with its own name."""

    name = "?"
    seen: List[str] = []

    def _answer(self) -> None:
        self.seen.append(f"{self.name} {self.path}")
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = self.name.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer  # noqa: N815 - http.server's method names
    do_POST = _answer  # noqa: N815 - http.server's method names

    def log_message(self, *_: object) -> None:
        return None


@dataclass
class Balancer:
    url: str
    seen: List[str]

    def call(
        self, path: str, *, client: Optional[str] = None, post: bool = False
    ) -> Tuple[int, str, Dict[str, str]]:
        headers = {"X-Forwarded-For": client} if client else {}
        request = urllib.request.Request(
            self.url + path, data=b"{}" if post else None, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - localhost
                return answer.status, answer.read().decode(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)


def serve(name: str, port: int, seen: List[str]) -> http.server.ThreadingHTTPServer:
    handler = type(f"StandIn_{name}", (StandIn,), {"name": name, "seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def balancer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balancer]:
    try:
        nginx_binary()
    except NginxMissingError as error:
        pytest.skip(str(error))
    seen: List[str] = []
    rasa_ports = (free_port(), free_port())
    web_port = free_port()
    servers = [serve(f"rasa{i}", port, seen) for i, port in enumerate(rasa_ports, start=1)]
    folder = tmp_path_factory.mktemp("web")
    web_env = {
        **os.environ,
        "REVIEW_DB_DIALECT": "sqlite",
        "REVIEW_DB_NAME": str(folder / "review.db"),
        "REVIEW_HASH_KEY": "nginx-test-key",
        "REVIEW_PURGE_EVERY_HOURS": "0",
    }
    web_server = subprocess.Popen(  # noqa: S603 - fixed command
        [
            sys.executable,
            "-m",
            "bot.web",
            "--host",
            "127.0.0.1",
            "--port",
            str(web_port),
            "--rasa-url",
            f"http://127.0.0.1:{rasa_ports[0]}",
        ],
        cwd=ROOT,
        env=web_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    listen = free_port()
    layout = BalancerLayout(
        f"127.0.0.1:{listen}", free_port(), rasa_ports, (free_port(),), web_port=web_port
    )
    prefix = tmp_path_factory.mktemp("nginx")
    config = write_config(layout, prefix, limits=ClientLimits(rate=1, burst=2, connections=8))
    process = subprocess.Popen(  # noqa: S603 - fixed command
        nginx_command(config, prefix), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        for health in (url + "/balancer-health", f"http://127.0.0.1:{web_port}/healthz"):
            for _ in range(300):
                try:
                    urllib.request.urlopen(health, timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
        yield Balancer(url, seen)
    finally:
        for child in (process, web_server):
            child.terminate()
            child.wait(timeout=10)
        for server in servers:
            server.shutdown()


def test_one_address_is_limited_and_another_is_not(balancer: Balancer) -> None:
    statuses = [
        balancer.call("/webhooks/rest/webhook", client="203.0.113.5", post=True)[0]
        for _ in range(6)
    ]
    assert statuses[:3] == [200, 200, 200]  # one per second plus a burst of two
    assert 429 in statuses[3:]
    assert balancer.call("/webhooks/rest/webhook", client="203.0.113.6", post=True)[0] == 200


def test_line_and_loopback_are_not_limited_by_address(balancer: Balancer) -> None:
    line = [
        balancer.call("/webhooks/line/webhook", client="147.92.150.1", post=True)[0]
        for _ in range(8)
    ]
    local = [balancer.call("/webhooks/rest/webhook", post=True)[0] for _ in range(8)]
    assert line == [200] * 8 and local == [200] * 8


def test_a_client_cannot_choose_its_socketio_instance(balancer: Balancer) -> None:
    answered = {
        balancer.call(f"/socket.io/?EIO=4&transport=polling&sticky=k{i}")[1] for i in range(12)
    }
    assert len(answered) == 1


def test_staff_pages_come_with_security_headers_and_never_in_a_frame(balancer: Balancer) -> None:
    status, body, headers = balancer.call("/staff/login")
    assert status == 200 and "ログイン" in body
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Referrer-Policy"] == "same-origin"
    status, body, page_headers = balancer.call("/")
    assert status == 200 and "愛荘町" in body
    assert page_headers["X-Content-Type-Options"] == "nosniff"
    assert page_headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert page_headers["Strict-Transport-Security"].startswith("max-age=")


def test_rasas_http_api_is_not_published(balancer: Balancer) -> None:
    status, _, _ = balancer.call("/conversations/resident-1/tracker")
    assert status == 404
    assert not any("conversations" in line for line in balancer.seen if line.startswith("rasa"))
