"""Dependencies point one way: every room imports bot.town, bot.town imports none of them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import ROOT

# The only parts of the project bot/town may import.
TOWN_MAY_IMPORT = ("bot.town", "bot.language.codes")


def imported_modules(path: Path) -> Iterator[str]:
    """Every module `path` imports, at any depth (also inside functions)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def project_imports(path: Path) -> Iterator[str]:
    return (name for name in imported_modules(path) if name.split(".")[0] in ("actions", "bot"))


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "town").glob("*.py")), ids=lambda p: p.name)
def test_the_town_package_imports_no_other_room(path: Path) -> None:
    for name in project_imports(path):
        assert name.startswith(TOWN_MAY_IMPORT), f"{path.name} imports {name}"


def test_no_module_of_bot_imports_the_actions() -> None:
    offenders = [
        (str(path.relative_to(ROOT)), name)
        for path in sorted((ROOT / "bot").rglob("*.py"))
        for name in project_imports(path)
        if name.split(".")[0] == "actions"
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "module",
    [
        "bot.review.capture.redact",
        "bot.review.triage.topics",
        "bot.town.schema",
        "bot.channels.notices",
    ],
)
def test_a_room_imports_alone_without_the_actions(module: str) -> None:
    """A fresh interpreter imports `module` first: no cycle, and actions/ stays out."""
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'actions')\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_actions_import_before_the_review_inbox() -> None:
    """The cycle this replaced: actions → bot.review → redact → actions."""
    code = "import actions.routing_actions, actions.language_actions, bot.review.capture.redact\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
