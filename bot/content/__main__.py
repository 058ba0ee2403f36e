"""python -m bot.content report [--out docs/sign-off] [--town town]."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Optional, Sequence

from bot.content.report import write_reports
from bot.content.sources import ROOT
from bot.town.files import town_dir

logger = logging.getLogger(__name__)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line.

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(prog="python -m bot.content")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="write the sign-off tables, one per language")
    report.add_argument("--out", type=Path, default=ROOT / "docs" / "sign-off")
    report.add_argument("--town", type=Path, default=None, help="default: $TOWN_DIR or town/")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for path in write_reports(arguments.out, arguments.town or town_dir()):
        logger.info("wrote %s", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
