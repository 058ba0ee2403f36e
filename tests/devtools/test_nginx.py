"""The balancer's nginx config: valid for nginx, every instance listed, and the
notice it sends when no Rasa instance answers is valid JSON with the phone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.devtools.backends import backend_env
from bot.devtools.nginx import (
    BalancerLayout,
    NginxMissingError,
    check_config,
    render_config,
    unavailable_notice,
    write_config,
)
from bot.devtools.scaled import ScaledPorts

LAYOUT = BalancerLayout("127.0.0.1:19980", 19981, (19905, 19906), (19955, 19956))


def test_every_instance_is_in_its_upstream(tmp_path: Path) -> None:
    config = render_config(LAYOUT, tmp_path)
    for port in (19905, 19906):
        assert config.count(f"server 127.0.0.1:{port} ") == 2  # REST and socket.io upstreams
    for port in (19955, 19956):
        assert config.count(f"server 127.0.0.1:{port} ") == 1
    assert "hash $remote_addr consistent;" in config
    assert "arg_sticky" not in config
    assert f"pid {tmp_path}/nginx.pid;" in config


def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    try:
        check_config(write_config(LAYOUT, tmp_path), tmp_path)
    except NginxMissingError as error:
        pytest.skip(str(error))


def test_unavailable_notice_survives_nginx_quoting() -> None:
    notice = unavailable_notice()
    assert "'" not in notice and "$" not in notice and "\\" not in notice
    (message,) = json.loads(notice)
    assert "0749-42-7680" in message["text"]
    assert re.search(r"[ぁ-ん]", message["text"]) and "Sorry" in message["text"]


def test_ports_from_a_base() -> None:
    ports = ScaledPorts.from_base(18000, 2, web=True)
    assert (ports.balancer, ports.rasa, ports.actions, ports.web) == (
        18080,
        (18005, 18006),
        (18055, 18056),
        18000,
    )


def test_backend_env_defaults_and_caller_values() -> None:
    defaults = backend_env(env={})
    assert defaults["TRACKER_DB_DIALECT"] == "postgresql"
    assert defaults["TRACKER_DB_NAME"] == "aisho_dx" and defaults["REDIS_PORT"] == "6379"
    assert "RABBITMQ_HOST" not in defaults
    mine = backend_env(env={"TRACKER_DB_HOST": "db.internal", "REDIS_PORT": "6380"}, rabbitmq=True)
    assert mine["TRACKER_DB_HOST"] == "db.internal" and mine["REDIS_PORT"] == "6380"
    assert mine["RABBITMQ_HOST"] == "127.0.0.1"
    assert backend_env(database="other", redis_port=18379, env={})["REDIS_PORT"] == "18379"
