"""Shared fixtures: the trained model, trained at most once per test run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from bot.review.capture.redact import office_redactor

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "aisho-dx.tar.gz"
RESULTS = ROOT / "results"
# The town facts unit tests read (TOWN_DIR): a copy, so the town may edit town/.
TEST_TOWN_DIR = ROOT / "tests" / "data" / "town"


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current data: `make train` is a no-op when up to date."""
    subprocess.run(
        ["make", "--no-print-directory", "-s", "train"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert MODEL.exists(), "make train did not produce the model"
    return MODEL


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


@pytest.fixture(autouse=True)
def test_town_facts(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Unit tests read the town's facts from tests/data/town, never from town/.

    Tests that start the servers (marked `servers`) keep the real town/: they
    check what residents get, and derive expected facts from the real files.
    """
    if request.node.get_closest_marker("servers"):
        yield
        return
    monkeypatch.setenv("TOWN_DIR", str(TEST_TOWN_DIR))
    office_redactor.cache_clear()
    yield
    office_redactor.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def review_store_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Questions captured during the tests (by actions run in-process or by the
    servers the tests start, which inherit this environment) go to a throwaway
    review database and export folder, never to var/review.db or data/."""
    folder = tmp_path_factory.mktemp("review")
    values = {
        "REVIEW_DB_DIALECT": "sqlite",
        "REVIEW_DB_NAME": str(folder / "review.db"),
        "REVIEW_EXPORT_DIR": str(folder / "reviewed"),
        "REVIEW_HASH_KEY": "test-only-review-hash-key",
    }
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def fresh_review_store() -> Iterator[None]:
    """Each test opens the process's review store anew from the environment."""
    from bot.review.capture.hook import close_review_store

    close_review_store()
    yield
    close_review_store()
