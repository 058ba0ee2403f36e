"""`make run` never exposes Rasa's HTTP API without a token."""

from __future__ import annotations

import os
import subprocess
from typing import Dict, List

import pytest

from tests.conftest import ROOT


def rasa_arguments(env: Dict[str, str]) -> List[str]:
    """The arguments the Procfile's rasa line passes, expanded by a POSIX shell."""
    line = next(
        line.split(":", 1)[1]
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("rasa:")
    )
    command = line.replace("exec .venv/bin/rasa", "printf '%s\\n'", 1)
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith("RASA_")}
    result = subprocess.run(
        ["/bin/sh", "-c", command],
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_api_is_off_without_a_token() -> None:
    arguments = rasa_arguments({})
    assert "--enable-api" not in arguments
    assert arguments[:1] == ["run"]


@pytest.mark.parametrize("token", ["s3cret", "with space"])
def test_api_is_on_only_with_the_token(token: str) -> None:
    arguments = rasa_arguments({"RASA_API_TOKEN": token})
    assert "--enable-api" in arguments
    assert "--auth-token" in arguments
