"""python -m bot.town check [--town town]: checks the town's files, names each problem."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Optional, Sequence

from bot.town.files import town_dir
from bot.town.schema import town_problems

logger = logging.getLogger(__name__)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line.

    Returns:
        The exit status: 0 when the files are well formed, 1 otherwise.
    """
    parser = argparse.ArgumentParser(prog="python -m bot.town")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the town's files (keys, phone, URLs, times)")
    check.add_argument("--town", type=Path, default=None, help="default: $TOWN_DIR or town/")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folder = arguments.town or town_dir()
    problems = town_problems(folder)
    for problem in problems:
        logger.error("%s", problem)
    if not problems:
        logger.info("%s: the town's files are well formed.", folder)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
