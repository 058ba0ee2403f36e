"""The assistant started the way `make run` starts it, on test ports."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.devtools.servers import running_assistant

API_TOKEN = "e2e-test-token"  # noqa: S105 - a throwaway token for the test server
# Tuesday 10:00 in Aisho: the office is open.
BOT_NOW = "2026-11-24T10:00:00+09:00"


@pytest.fixture(scope="session")
def rasa_url(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Rasa server with its action server."""
    with running_assistant(
        model=trained_model,
        workdir=tmp_path_factory.mktemp("e2e"),
        rasa_port=15005,
        action_port=15055,
        extra_env={"RASA_API_TOKEN": API_TOKEN, "BOT_NOW": BOT_NOW},
    ) as assistant:
        yield assistant.rasa_url
