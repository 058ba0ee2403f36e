"""Settings that read the repository's own training data and held-out questions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest

from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def repo_settings(sqlite_settings: ReviewSettings, tmp_path: Path) -> ReviewSettings:
    """The repository's data/ and tests/nlu/heldout; the reviewed folder does not exist."""
    return replace(
        sqlite_settings,
        nlu_dir=ROOT / "data" / "nlu",
        export_dir=ROOT / "data" / "nlu" / "reviewed",
        heldout_dir=ROOT / "tests" / "nlu" / "heldout",
    )


@pytest.fixture
def repo_store(repo_settings: ReviewSettings, clock: FakeClock) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(repo_settings, clock=clock)
    yield opened
    opened.close()
