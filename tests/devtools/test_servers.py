"""The test and benchmark servers run with `make run`'s endpoints.yml and stores."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from rasa.core.tracker_store import TrackerStore
from rasa.utils.endpoints import read_endpoint_config

from bot.devtools.servers import (
    ENDPOINTS,
    PortInUseError,
    endpoints_file,
    ensure_ports_free,
    private_store_env,
    running_assistant,
)
from bot.stores.tracker_store import EnvTrackerStore, tracker_db_url

ACTION_URL = "http://localhost:15055/webhook"


def test_only_the_action_endpoint_differs_from_the_projects_file(tmp_path: Path) -> None:
    project = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8"))
    copy = yaml.safe_load(endpoints_file(tmp_path, ACTION_URL).read_text(encoding="utf-8"))
    assert copy["action_endpoint"] == {"url": ACTION_URL}
    assert {k: v for k, v in copy.items() if k != "action_endpoint"} == {
        k: v for k, v in project.items() if k != "action_endpoint"
    }


def test_the_tracker_database_is_private_and_outside_stores_are_dropped(tmp_path: Path) -> None:
    env = private_store_env(
        tmp_path,
        {
            "PATH": "/usr/bin",
            "TRACKER_DB_DIALECT": "postgresql",
            "TRACKER_DB_HOST": "db.example",
            "REDIS_HOST": "redis.example",
            "RABBITMQ_HOST": "mq.example",
        },
    )
    assert env == {
        "PATH": "/usr/bin",
        "TRACKER_DB_DIALECT": "sqlite",
        "TRACKER_DB_NAME": str(tmp_path / "tracker.db"),
    }
    assert tracker_db_url(env).database == str(tmp_path / "tracker.db")


def test_the_copy_creates_the_projects_tracker_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in private_store_env(tmp_path, {}).items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(endpoints_file(tmp_path, ACTION_URL)), "tracker_store")
    store = TrackerStore.create(config)
    assert isinstance(store, EnvTrackerStore)
    assert store.db_url.database == str(tmp_path / "tracker.db")


def test_a_port_left_taken_by_an_earlier_run_stops_the_start(tmp_path: Path) -> None:
    """A leftover server would answer the health checks and the tests would talk to it."""
    with socket.socket() as leftover:
        leftover.bind(("127.0.0.1", 0))
        leftover.listen()
        taken = leftover.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port {taken} is already in use"):
            with running_assistant(
                model=tmp_path / "model.tar.gz", workdir=tmp_path, rasa_port=taken, action_port=1
            ):
                pass  # pragma: no cover - never reached
    ensure_ports_free([taken])  # free again once the leftover is gone
