"""`make run` keeps the back ends private and Rasa's HTTP API off without a token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from bot.devtools import rasa_server
from bot.devtools.rasa_server import rasa_run_arguments
from tests.conftest import ROOT


def expanded(process: str, env: Dict[str, str]) -> List[str]:
    """A Procfile line's command as a POSIX shell expands it (without running it)."""
    line = next(
        line.split(":", 1)[1]
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith(f"{process}:")
    )
    command = line.replace("exec ", "printf '%s\\n' ", 1)
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RASA_", "ACTION_", "WEB_"))
    }
    result = subprocess.run(
        ["/bin/sh", "-c", command],
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_api_is_off_without_a_token() -> None:
    arguments = rasa_run_arguments(["--port", "5005"], {})
    assert arguments[0] == "run"
    assert "--enable-api" not in arguments
    assert "--auth-token" not in arguments


@pytest.mark.parametrize("token", ["", "   "])
def test_an_empty_token_does_not_enable_the_api(token: str) -> None:
    assert "--enable-api" not in rasa_run_arguments([], {"RASA_API_TOKEN": token})


@pytest.mark.parametrize("token", ["s3cret", "with space"])
def test_api_is_on_only_with_the_token(token: str) -> None:
    arguments = rasa_run_arguments([], {"RASA_API_TOKEN": token})
    assert "--enable-api" in arguments
    assert arguments[arguments.index("--auth-token") + 1] == token


def test_the_token_is_never_on_a_command_line() -> None:
    """`ps` shows command lines to every user of the machine."""
    for process in ("actions", "rasa", "web"):
        command = expanded(process, {"RASA_API_TOKEN": "visible-token"})
        assert not any("visible-token" in part for part in command), process


def test_rasa_and_the_action_server_listen_on_loopback_by_default() -> None:
    assert rasa_run_arguments([], {})[1:3] == ["--interface", "127.0.0.1"]
    assert "SANIC_HOST=127.0.0.1" in expanded("actions", {})


def test_containers_choose_the_address() -> None:
    assert rasa_run_arguments([], {"RASA_HOST": "0.0.0.0"})[1:3] == ["--interface", "0.0.0.0"]  # noqa: S104
    assert "SANIC_HOST=0.0.0.0" in expanded("actions", {"ACTION_HOST": "0.0.0.0"})  # noqa: S104


def test_the_launcher_hands_rasa_its_arguments(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import rasa.__main__

    seen: List[List[str]] = []
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(rasa_server, "wait_for_model_server", lambda server: True)
    monkeypatch.setenv("RASA_API_TOKEN", "t0ken")
    monkeypatch.delenv("RASA_HOST", raising=False)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://localhost:5055/webhook\n")
    rasa_server.main(
        ["--model", "models/aisho-dx.tar.gz", "--port", "5005", "--endpoints", str(endpoints)]
    )
    assert seen == [
        [
            "rasa",
            "run",
            "--interface",
            "127.0.0.1",
            "--enable-api",
            "--auth-token",
            "t0ken",
            "--model",
            "models/aisho-dx.tar.gz",
            "--port",
            "5005",
            "--endpoints",
            str(endpoints),
        ]
    ]


def test_each_instance_pulls_the_live_model_from_the_web_server_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The project's endpoints.yml has `models:`; the launcher fills it in per instance."""
    import rasa.__main__
    from rasa.core.utils import AvailableEndpoints

    seen: List[List[str]] = []
    waited: List[rasa_server.ModelServer] = []
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(rasa_server, "wait_for_model_server", waited.append)
    monkeypatch.setattr(rasa_server.tempfile, "mkdtemp", lambda prefix: str(tmp_path))
    for name in ("MODEL_SERVER_URL", "RASA_INSTANCE", "MODEL_PULL_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WEB_PORT", "17000")
    monkeypatch.setenv("MODEL_SERVER_TOKEN", "s3cret-model-token")
    rasa_server.main(["--port", "5006", "--endpoints", str(ROOT / "endpoints.yml")])

    copy = seen[0][seen[0].index("--endpoints") + 1]
    assert copy == str(tmp_path / "endpoints.yml")
    assert "s3cret-model-token" not in Path(copy).read_text()  # never written to disk
    model = AvailableEndpoints.read_endpoints(copy).model
    assert model.url == "http://127.0.0.1:17000/models/live.tar.gz"
    assert model.kwargs["wait_time_between_pulls"] == 10
    assert model.combine_parameters() == {
        "instance": f"{socket.gethostname()}:5006",
        "token": "s3cret-model-token",
    }
    assert [server.url for server in waited] == [model.url]
