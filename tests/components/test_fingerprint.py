"""Editing a helper of a component invalidates Rasa's training cache for it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.components.fingerprint import fingerprint_of_sources, project_sources
from tests.domain_helpers import ROOT


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pkg.component imports pkg.helper, which imports pkg.deep; pkg.other is unused."""
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "component.py").write_text("from pkg.helper import clean\nimport json\n")
    (folder / "helper.py").write_text("from pkg import deep\n\ndef clean(t):\n    return t\n")
    (folder / "deep.py").write_text("LIMIT = 1\n")
    (folder / "other.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return folder


def _fingerprint() -> str:
    return fingerprint_of_sources(project_sources("pkg.component", frozenset({"pkg"})))


def test_sources_follow_project_imports_transitively(package: Path) -> None:
    assert set(project_sources("pkg.component", frozenset({"pkg"}))) == {
        "pkg.component",
        "pkg.helper",
        "pkg",
        "pkg.deep",
    }


@pytest.mark.parametrize("edited", ["helper.py", "deep.py"])
def test_editing_a_helper_changes_the_fingerprint(package: Path, edited: str) -> None:
    before = _fingerprint()
    path = package / edited
    path.write_text(path.read_text() + "\nSTEP = 2\n")
    assert _fingerprint() != before


def test_editing_an_unused_module_keeps_the_fingerprint(package: Path) -> None:
    before = _fingerprint()
    (package / "other.py").write_text("X = 2\n")
    assert _fingerprint() == before


@pytest.mark.parametrize(
    ("component", "helper"),
    [
        ("bot.components.text_normalizer", "bot.nlp.normalize"),
        ("bot.components.language_detector", "bot.language.detect"),
        ("bot.components.linear_intent_classifier", "bot.nlp.views"),
        ("bot.components.linear_intent_classifier", "bot.nlp.kana"),
        ("bot.components.linear_intent_classifier", "bot.intent.features"),
        ("bot.components.ginza_nlp", "bot.nlp.ginza"),
        ("bot.components.wordless_fallback_classifier", "bot.nlp.normalize"),
    ],
)
def test_our_components_cover_their_helpers(component: str, helper: str) -> None:
    assert helper in project_sources(component)


# Rasa's own cache key for the normaliser, before and after edits, in a fresh
# interpreter running on a copy of the project's packages.
_RASA_KEYS = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from rasa.engine.training.fingerprinting import calculate_fingerprint_key
    from bot.components import fingerprint
    from bot.components.text_normalizer import JapaneseTextNormalizer

    def key():
        fingerprint.helpers_fingerprint.cache_clear()
        return calculate_fingerprint_key(JapaneseTextNormalizer, {"max_characters": 1000}, {})

    root = Path(sys.argv[1])
    keys = {"before": key()}
    with (root / "bot" / "web" / "app.py").open("a") as unrelated:
        unrelated.write("\\n# an unrelated edit\\n")
    keys["unrelated_edit"] = key()
    with (root / "bot" / "nlp" / "normalize.py").open("a") as helper:
        helper.write("\\n_TRAILING = 1\\n")
    keys["helper_edit"] = key()
    print(json.dumps(keys))
    """
)


def test_rasa_retrains_the_normaliser_when_normalize_py_changes(tmp_path: Path) -> None:
    """The cache key Rasa computes changes with bot/nlp/normalize.py, not with other code."""
    for package in ("bot", "actions"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    result = subprocess.run(
        [sys.executable, "-c", _RASA_KEYS, str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        check=True,
    )
    keys = json.loads(result.stdout.strip().splitlines()[-1])
    assert keys["unrelated_edit"] == keys["before"]
    assert keys["helper_edit"] != keys["before"]
