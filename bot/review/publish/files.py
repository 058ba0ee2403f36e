"""Where the models lie: the base model `make train` builds, the candidates
staff train, and their checksums.

    var/models/candidates/aisho-dx-<run>.tar.gz   one per training run
    var/models/releases/aisho-dx-base-<sha8>.tar.gz   the base model, copied at the
                                                      first publish so a rollback
                                                      finds it unchanged

The folder is MODEL_STORE_DIR (default var/models). With several web servers it
must be one shared folder; Rasa instances never read it, they pull over HTTP.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Tuple

from bot.stores.sql_env import PROJECT_ROOT

MODEL_NAME = "aisho-dx"
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, in hex (the model's ETag and checksum)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class ModelFiles:
    """The model folders of one installation."""

    root: Path
    base_model: Path

    @property
    def candidates(self) -> Path:
        """Where training runs write their models."""
        return self.root / "candidates"

    @property
    def releases(self) -> Path:
        """Where the base model is kept once something was published."""
        return self.root / "releases"

    @property
    def workspaces(self) -> Path:
        """The training data each run was trained from (kept for inspection)."""
        return self.root / "workspaces"

    @property
    def logs(self) -> Path:
        """One `rasa train` log per run."""
        return self.root / "logs"

    def candidate_name(self, run_id: int) -> str:
        """The file name (without .tar.gz) of a run's candidate."""
        return f"{MODEL_NAME}-run{run_id}"

    def candidate(self, run_id: int) -> Path:
        """The candidate model file of a run."""
        return self.candidates / f"{self.candidate_name(run_id)}.tar.gz"

    def keep_base(self) -> Tuple[Path, str]:
        """Copies the base model into releases/ (once per content); returns the
        copy and its SHA-256."""
        checksum = sha256_of(self.base_model)
        kept = self.releases / f"{MODEL_NAME}-base-{checksum[:12]}.tar.gz"
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_suffix(".partial")
            shutil.copyfile(self.base_model, partial)
            partial.replace(kept)
        return kept, checksum


def model_files_from_env(env: Mapping[str, str] = os.environ) -> ModelFiles:
    """The folders from MODEL_STORE_DIR and RASA_MODEL (the base model)."""
    root = Path(env.get("MODEL_STORE_DIR") or PROJECT_ROOT / "var" / "models")
    base = Path(env.get("RASA_MODEL") or PROJECT_ROOT / "models" / f"{MODEL_NAME}.tar.gz")
    return ModelFiles(
        root=root if root.is_absolute() else PROJECT_ROOT / root,
        base_model=base if base.is_absolute() else PROJECT_ROOT / base,
    )
