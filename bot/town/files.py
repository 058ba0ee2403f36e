"""Where the town's files are, and reading one of them.

Files are read on every call: they are tiny, and staff edits then apply to the
next answer without a restart.

TOWN_DIR  the folder with the town's editable facts (default: ./town).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict

import yaml

DEFAULT_TOWN_DIR = Path(__file__).resolve().parent.parent.parent / "town"


class TownFactsError(RuntimeError):
    """A town fact file is missing or malformed."""


def town_dir() -> Path:
    """Returns the folder holding contact.yml, office_hours.yml and policy.yml."""
    return Path(os.environ.get("TOWN_DIR") or DEFAULT_TOWN_DIR)


def read_yaml_mapping(path: Path) -> Dict[str, Any]:
    """Reads a YAML file that must hold a mapping.

    Args:
        path: the file to read.

    Returns:
        The mapping.

    Raises:
        TownFactsError: the file is missing, not YAML, or not a mapping.
    """
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:  # ValueError: a date like 2026-13-01
        raise TownFactsError(f"Cannot read {path}: {error}. Fix the file.") from error
    if not isinstance(content, dict):
        raise TownFactsError(f"{path} must be a YAML mapping (key: value lines).")
    return content
