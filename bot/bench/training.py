"""The training stage: from scratch, after changing one answer, after adding one example.

The project's model inputs (config.yml, domain.yml, data/) are copied into a
temporary folder with an empty Rasa cache; `rasa train` runs there once from
scratch, then again after one response text is changed (Rasa's cache reuses
the NLU part), then again after one NLU example is added (the NLU part is
retrained, the dialogue part reused). Each time is the whole `rasa train`
command, start-up included. Writes training.json.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional

from bot.bench.load import results_dir
from bot.devtools.servers import ROOT
from bot.devtools.train import quiet_environment, rasa_train_command

logger = logging.getLogger(__name__)

MODEL_INPUTS = ("config.yml", "domain.yml", "data")
CHANGED_FILE = Path("data") / "responses" / "contact_office.yml"
EXAMPLE_FILE = Path("data") / "nlu" / "contact_office.yml"
NEW_EXAMPLE = "推進室の連絡先をメモしたいので教えてください"


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
    """Runs `make train`'s `rasa train` in `project` with `cache` as Rasa's cache.

    Args:
        project: the copied project.
        cache: RASA_CACHE_DIRECTORY (empty for a training from scratch).
        name: the model's file name.

    Returns:
        Wall-clock seconds.
    """
    env = {**quiet_environment(), "RASA_CACHE_DIRECTORY": str(cache)}
    command = rasa_train_command(project / "config.yml", project / "models", name, validate=False)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed command
        command,
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


def add_one_example(project: Path) -> str:
    """Adds one question to the first intent of the office's NLU file.

    Returns:
        The file changed, relative to the project.
    """
    path = project / EXAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    marker = "  examples: |\n"
    if marker not in text:
        raise ValueError(f"{EXAMPLE_FILE} has no examples block: update the bench.")
    path.write_text(text.replace(marker, f"{marker}    - {NEW_EXAMPLE}\n", 1), encoding="utf-8")
    return str(EXAMPLE_FILE)


def previous_training_s() -> Optional[float]:
    """The seconds `make train` last reported (var/train-time.txt), if any."""
    path = ROOT / "var" / "train-time.txt"
    if not path.exists():
        return None
    words = path.read_text(encoding="utf-8").split()
    numbers = [word for word in words if word.isdigit()]
    return float(numbers[0]) if numbers else None


def run_training_stage(out: Optional[Path] = None) -> Dict[str, object]:
    """Trains three times in a temporary copy; writes and returns training.json's content."""
    out = out or results_dir()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as folder:
        project = copy_project(Path(folder))
        cache = Path(folder) / "cache"
        logger.info("training from scratch (empty cache)...")
        scratch = train(project, cache, "scratch")
        changed = change_one_answer(project)
        logger.info("training after changing one answer in %s...", changed)
        incremental = train(project, cache, "changed")
        added = add_one_example(project)
        logger.info("training after adding one example to %s...", added)
        one_example = train(project, cache, "example")
    result = {
        "from_scratch_s": round(scratch, 1),
        "after_one_answer_changed_s": round(incremental, 1),
        "changed_file": changed,
        "after_one_example_added_s": round(one_example, 1),
        "example_file": added,
        "make_train_s": previous_training_s(),
    }
    (out / "training.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
