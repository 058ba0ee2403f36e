"""Model folders in tmp_path and runs that passed the gate, for the publish tests.

The model files are a few bytes each: releases never load them, they only
copy, checksum and serve them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, sha256_of

BASE_BYTES = b"base model, built by make train"


@pytest.fixture
def model_files(tmp_path: Path) -> ModelFiles:
    """A store folder and a base model (its own bytes) under tmp_path."""
    base = tmp_path / "models" / "aisho-dx.tar.gz"
    base.parent.mkdir(parents=True)
    base.write_bytes(BASE_BYTES)
    return ModelFiles(root=tmp_path / "var" / "models", base_model=base)


def passed_run(
    engine: Engine, files: ModelFiles, content: bytes, *, staff: str = "tanaka"
) -> runs.TrainingRun:
    """A run whose candidate (`content`) passed the gate and is not published yet."""
    run = runs.start_run(engine, staff)
    candidate = files.candidate(run.id)
    candidate.parent.mkdir(parents=True, exist_ok=True)
    candidate.write_bytes(content)
    runs.record(engine, run.id, candidate_file=str(candidate), checksum=sha256_of(candidate))
    runs.record(engine, run.id, status=runs.STATUS_PASSED)
    runs.finish(engine, run.id, runs.STATUS_PASSED)
    ended = runs.get_run(engine, run.id)
    assert ended is not None
    return ended
