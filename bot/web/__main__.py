"""`python -m bot.web --port 8000 --rasa-url http://localhost:5005`: the website chat server."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import List, Optional

from aiohttp import web

from bot.web.app import create_app
from bot.web.settings import WebSettings

logger = logging.getLogger(__name__)


def main(argv: Optional[List[str]] = None) -> None:
    """Parses the command line and serves until interrupted.

    Args:
        argv: the arguments; None reads the command line.
    """
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__)
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on")  # noqa: S104
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--rasa-url",
        default="http://localhost:5005",
        help="the Rasa server as this server reaches it (socket.io is relayed to it)",
    )
    parser.add_argument("--socket-path", default="/socket.io", help="socket.io path of Rasa")
    parser.add_argument("--town-dir", type=Path, default=None, help="default: $TOWN_DIR or town/")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = WebSettings(
        rasa_url=arguments.rasa_url,
        socket_path=arguments.socket_path,
        town_dir=arguments.town_dir,
    )
    logger.info("website chat on port %d, Rasa at %s", arguments.port, settings.rasa_url)
    # No access log: addresses and paths of residents' requests are not logged.
    web.run_app(
        create_app(settings), host=arguments.host, port=arguments.port, print=None, access_log=None
    )


if __name__ == "__main__":
    main()
