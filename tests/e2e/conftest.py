"""The assistant started the way `make run` starts it, on test ports."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.devtools.servers import running_assistant

API_TOKEN = "e2e-test-token"  # noqa: S105 - a throwaway token for the test server
# Tuesday 10:00 in Aisho: the office is open.
BOT_NOW = "2026-11-24T10:00:00+09:00"
# The LINE channel answers through a fake Messaging API on this port (test_line_webhook.py).
LINE_SECRET = "e2e-line-channel-secret"  # noqa: S105 - a throwaway secret for the test server
LINE_TOKEN = "e2e-line-access-token"  # noqa: S105 - a throwaway token for the test server
LINE_API_PORT = 15099


@pytest.fixture(scope="session")
def rasa_url(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Rasa server with its action server."""
    with running_assistant(
        model=trained_model,
        workdir=tmp_path_factory.mktemp("e2e"),
        rasa_port=15005,
        action_port=15055,
        extra_env={
            "RASA_API_TOKEN": API_TOKEN,
            "BOT_NOW": BOT_NOW,
            "LINE_CHANNEL_SECRET": LINE_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
            "LINE_API_BASE_URL": f"http://127.0.0.1:{LINE_API_PORT}",
        },
    ) as assistant:
        yield assistant.rasa_url
