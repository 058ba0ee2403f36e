"""Shared fixtures: the trained model, trained at most once per test run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "aisho-dx.tar.gz"
RESULTS = ROOT / "results"


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
