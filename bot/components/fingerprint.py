"""Rasa's training cache must notice when a component's helpers change.

Rasa fingerprints a component by its class's own source, its config and its
inputs, so an edit to a helper it imports (`bot/nlp/normalize.py`, say) would
let `rasa train` reuse features computed by the old helper, and the served
model would then process messages differently from how it was trained.
`HelperFingerprint.fingerprint_addon` adds the source of every project module
the component's module imports, directly or through other project modules.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Mapping, Optional, Set, Text

# Packages of this project whose modules are followed; everything else
# (rasa, spacy, the standard library) is versioned by Rasa's own fingerprint.
PROJECT_PACKAGES: FrozenSet[str] = frozenset({"bot", "actions"})


def _module_file(name: str) -> Optional[Path]:
    """The file of a dotted module name, found without importing anything.

    "pkg.helper.clean" (a function imported from a module) resolves to None.
    """
    top, *rest = name.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None:
        return None
    if not spec.submodule_search_locations:
        return Path(spec.origin) if not rest and spec.origin else None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_project_module(name: str, packages: FrozenSet[str]) -> bool:
    return name.split(".", 1)[0] in packages


def _imported_names(tree: ast.AST) -> Iterable[str]:
    """Module names imported by a parsed module, including `from x import module`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def project_sources(module: str, packages: FrozenSet[str] = PROJECT_PACKAGES) -> Dict[str, str]:
    """The source of `module` and of every project module it imports, transitively.

    Args:
        module: a dotted module name, e.g. "bot.components.text_normalizer".
        packages: the top-level packages that count as the project.

    Returns:
        Module name -> source text, for every project module reached.
    """
    sources: Dict[str, str] = {}
    pending = [module]
    seen: Set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen or not _is_project_module(name, packages):
            continue
        seen.add(name)
        path = _module_file(name)
        if path is None:
            continue
        source = path.read_text(encoding="utf-8")
        sources[name] = source
        pending.extend(_imported_names(ast.parse(source)))
    return sources


def fingerprint_of_sources(sources: Mapping[str, str]) -> str:
    """A SHA-256 over module names and their sources, in name order."""
    digest = hashlib.sha256()
    for name, source in sorted(sources.items()):
        digest.update(name.encode("utf-8"))
        digest.update(b"\0")
        digest.update(source.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@cache
def helpers_fingerprint(module: str) -> str:
    """`fingerprint_of_sources(project_sources(module))`, computed once per process."""
    return fingerprint_of_sources(project_sources(module))


class HelperFingerprint:
    """Mixin for our Rasa components: their fingerprint covers their helpers' code."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """Adds the project code the component runs to Rasa's fingerprint.

        Args:
            config: the component's config (already fingerprinted by Rasa).

        Returns:
            A hash of the sources of the component's module and of the
            project modules it imports.
        """
        return helpers_fingerprint(cls.__module__)
