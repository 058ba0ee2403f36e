"""Keeps the model folder from growing without end: each run leaves a ~17 MB
candidate and a copy of the training data. Everything a release points at
(live, or a rollback away) stays; of the rest, the newest runs are kept for
inspection."""

from __future__ import annotations

import logging
import re
import shutil
from typing import List, Set

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.review.publish.files import ModelFiles
from bot.review.publish.tables import model_releases

logger = logging.getLogger(__name__)

KEEP_RUNS = 10
_RUN_NUMBER = re.compile(r"run(\d+)")


def _run_number(name: str) -> int:
    found = _RUN_NUMBER.search(name)
    return int(found.group(1)) if found else -1


def prune_runs(engine: Engine, files: ModelFiles, *, keep: int = KEEP_RUNS) -> List[str]:
    """Deletes the candidates and workspaces of all but the newest `keep` runs,
    never a model a release points at; returns what was deleted."""
    with engine.connect() as connection:
        released: Set[str] = {row.file for row in connection.execute(select(model_releases.c.file))}
    deleted: List[str] = []
    candidates = sorted(files.candidates.glob("*.tar.gz"), key=lambda p: _run_number(p.name))
    for path in candidates[:-keep] if keep else candidates:
        if str(path) not in released:
            path.unlink(missing_ok=True)
            deleted.append(path.name)
    workspaces = sorted(
        (p for p in files.workspaces.glob("run*") if p.is_dir()), key=lambda p: _run_number(p.name)
    )
    for path in workspaces[:-keep] if keep else workspaces:
        shutil.rmtree(path, ignore_errors=True)
        deleted.append(path.name)
    if deleted:
        logger.info("removed old training runs' files: %s", ", ".join(deleted))
    return deleted
