"""Settings of the web server, shared by its feature modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.limits import InputLimits

STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class WebSettingsError(ValueError):
    """A setting of the web server is invalid; the message says how to fix it."""


@dataclass(frozen=True)
class WebSettings:
    """How the web server and the widget are set up.

    Attributes:
        rasa_url: the Rasa server as this web server reaches it (http or https);
            the widget's socket.io requests are relayed to its socket.io channel.
        socket_path: the socket.io path of Rasa's channel (credentials.yml).
        town_dir: the folder of the town's fact files; None reads TOWN_DIR or ./town.
        max_message_chars: the longest message the channels accept
            (MAX_MESSAGE_CHARS); the widget counts against it.
    """

    rasa_url: str
    socket_path: str = "/socket.io"
    town_dir: Optional[Path] = None
    max_message_chars: int = field(default_factory=lambda: InputLimits.from_env().max_chars)

    def __post_init__(self) -> None:
        """Checks that `rasa_url` is an absolute http(s) address."""
        parts = urlsplit(self.rasa_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise WebSettingsError(
                f"--rasa-url must be an http(s) address such as http://localhost:5005, "
                f"not {self.rasa_url!r} (set RASA_SERVER_URL)."
            )


SETTINGS = web.AppKey("settings", WebSettings)
