"""The training stage: from scratch, then after changing one answer.

The project's model inputs (config.yml, domain.yml, data/) are copied into a
temporary folder with an empty Rasa cache; `rasa train` runs there once from
scratch, then again after one response text is changed, which Rasa's cache
turns into a partial retraining (the NLU part is reused). Writes
training.json.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional

from bot.bench.load import results_dir
from bot.devtools.servers import ROOT

logger = logging.getLogger(__name__)

RASA = ROOT / ".venv" / "bin" / "rasa"
MODEL_INPUTS = ("config.yml", "domain.yml", "data")
CHANGED_FILE = Path("data") / "responses" / "contact_office.yml"


def copy_project(folder: Path) -> Path:
    """Copies the model inputs into `folder`/project; returns that folder."""
    project = folder / "project"
    project.mkdir()
    for name in MODEL_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    return project


def train(project: Path, cache: Path, name: str) -> float:
    """Runs `rasa train` in `project` with `cache` as Rasa's cache; returns seconds.

    Args:
        project: the copied project.
        cache: RASA_CACHE_DIRECTORY (empty for a training from scratch).
        name: the model's file name.

    Returns:
        Wall-clock seconds.
    """
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed command
        [str(RASA), "train", "--out", str(project / "models"), "--fixed-model-name", name],
        cwd=project,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def change_one_answer(project: Path) -> str:
    """Changes the text of one response (the office's contact details) by one word.

    Returns:
        The file changed, relative to the project.
    """
    path = project / CHANGED_FILE
    text = path.read_text(encoding="utf-8")
    changed = text.replace("【問い合わせ先】", "【お問い合わせ先】", 1)
    if changed == text:
        raise ValueError(f"{CHANGED_FILE} no longer contains 【問い合わせ先】: update the bench.")
    path.write_text(changed, encoding="utf-8")
    return str(CHANGED_FILE)


def previous_training_s() -> Optional[float]:
    """The seconds `make train` last reported (var/train-time.txt), if any."""
    path = ROOT / "var" / "train-time.txt"
    if not path.exists():
        return None
    words = path.read_text(encoding="utf-8").split()
    numbers = [word for word in words if word.isdigit()]
    return float(numbers[0]) if numbers else None


def run_training_stage(out: Optional[Path] = None) -> Dict[str, object]:
    """Trains twice in a temporary copy; writes and returns training.json's content."""
    out = out or results_dir()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as folder:
        project = copy_project(Path(folder))
        cache = Path(folder) / "cache"
        logger.info("training from scratch (empty cache)...")
        scratch = train(project, cache, "scratch")
        changed = change_one_answer(project)
        logger.info("training after changing one answer in %s...", changed)
        incremental = train(project, cache, "changed")
    result = {
        "from_scratch_s": round(scratch, 1),
        "after_one_answer_changed_s": round(incremental, 1),
        "changed_file": changed,
        "make_train_s": previous_training_s(),
    }
    (out / "training.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
