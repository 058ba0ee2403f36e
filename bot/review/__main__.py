"""Entry point: python -m bot.review COMMAND (see bot.review.cli)."""

from __future__ import annotations

import logging
import sys

from bot.review.cli import main

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(main())
