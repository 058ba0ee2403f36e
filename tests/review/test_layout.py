"""The review inbox's modules import each other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

from tests.conftest import ROOT

REVIEW = ROOT / "bot" / "review"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def review_imports(path: Path, modules: Set[str]) -> Set[str]:
    """The bot.review modules `path` imports, at the top or inside functions."""
    found: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules}


def find_cycle(graph: Dict[str, Set[str]]) -> List[str]:
    """One import cycle of `graph`, or [] when there is none."""
    done: Set[str] = set()

    def visit(name: str, path: List[str]) -> List[str]:
        if name in path:
            return path[path.index(name) :] + [name]
        if name in done:
            return []
        for target in sorted(graph[name]):
            cycle = visit(target, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return []

    for name in sorted(graph):
        cycle = visit(name, [])
        if cycle:
            return cycle
    return []


def test_review_modules_have_no_import_cycle() -> None:
    paths = [path for path in REVIEW.rglob("*.py") if path.name != "__init__.py"]
    modules = {module_name(path) for path in paths}
    graph = {module_name(path): review_imports(path, modules) for path in paths}
    assert find_cycle(graph) == []


def test_a_cycle_is_found() -> None:
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
