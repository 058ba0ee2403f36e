"""`make train`: `rasa train` with one line per stage and the full log in a file.

Rasa and its libraries print hundreds of lines (deprecation warnings,
TensorFlow notices) that tell a newcomer nothing. This runs `rasa train`
with everything written to var/log/train.log and prints only the stages,
with the time since the start:

    [   0 s] training the model (full log: var/log/train.log)
    [   9 s] NLU: GiNZA and the intent classifier
    [  24 s] dialogue: rules and memoization
    [  31 s] model saved: models/aisho-dx.tar.gz (31 s)

    python -m bot.devtools.train [--config config.yml] [--out models] [--name aisho-dx]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Deque, List, Optional, Sequence, TextIO

from bot.devtools.servers import ROOT

RASA = ROOT / ".venv" / "bin" / "rasa"
LOG = ROOT / "var" / "log" / "train.log"
TIME_FILE = ROOT / "var" / "train-time.txt"
TAIL_ON_FAILURE = 40

# Rasa's own log lines (rasa.engine.training.hooks, rasa.model_training) and
# GinzaNLP's, and the stage each one starts.
_STAGE_MARKERS = (
    ("GiNZA: parsing", "NLU: GiNZA and the intent classifier"),
    ("train component 'LinearIntentClassifier'", "NLU: GiNZA and the intent classifier"),
    ("component 'DIETClassifier'", "NLU: DIET (slow: tens of minutes on two cores)"),
    ("component 'RulePolicy'", "dialogue: rules and memoization"),
    ("component 'MemoizationPolicy'", "dialogue: rules and memoization"),
    ("component 'TEDPolicy'", "dialogue: TED"),
)
_UP_TO_DATE = "No training of components required"
_SAVED = "Your Rasa model is trained and saved at"


@dataclass
class StageReporter:
    """Turns the lines of Rasa's log into stage lines on `out`."""

    out: TextIO
    started: float = field(default_factory=time.perf_counter)
    stages: List[str] = field(default_factory=list)
    up_to_date: bool = False

    def elapsed(self) -> float:
        """Seconds since training started."""
        return time.perf_counter() - self.started

    def say(self, text: str) -> None:
        """Prints one line with the elapsed time."""
        self.out.write(f"[{self.elapsed():4.0f} s] {text}\n")
        self.out.flush()

    def feed(self, line: str) -> None:
        """Reports the stage `line` starts, if it starts one not seen yet."""
        if _UP_TO_DATE in line:
            self.up_to_date = True
        for marker, stage in _STAGE_MARKERS:
            if marker in line and stage not in self.stages:
                self.stages.append(stage)
                self.say(stage)


def rasa_train_command(config: Path, out: Path, name: str, *, validate: bool) -> List[str]:
    """The `rasa train` call: Rasa's INFO lines go to the log, which we read.

    Without `validate`, Rasa's data validation is skipped: it re-reads every
    file (about 12 of a retraining's 30 seconds) and only warns; `make
    validate`, part of `make test`, runs it.
    """
    command = [
        str(RASA),
        "train",
        "--config",
        str(config),
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]
    return command if validate else [*command, "--skip-validation"]


def quiet_environment() -> dict:
    """The environment with library chatter turned down (it still reaches the log)."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONWARNINGS": "ignore",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def train(
    config: Path,
    out: Path,
    name: str,
    *,
    validate: bool = False,
    log: Path = LOG,
    reporter: Optional[StageReporter] = None,
) -> int:
    """Runs `rasa train`, reporting stages; returns its exit code.

    Args:
        config: the pipeline and policies (config.yml).
        out: the models folder.
        name: the model's file name without .tar.gz.
        validate: run Rasa's data validation first (slower; `make validate` does it).
        log: where the full output goes.
        reporter: where stage lines go (stdout by default).

    Returns:
        0 when the model was trained (or was up to date), otherwise Rasa's code.
    """
    reporter = reporter or StageReporter(sys.stdout)
    log.parent.mkdir(parents=True, exist_ok=True)
    reporter.say(f"training the model with {config.name} (full log: {_shown(log)})")
    tail: Deque[str] = deque(maxlen=TAIL_ON_FAILURE)
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            rasa_train_command(config, out, name, validate=validate),
            cwd=ROOT,
            env=quiet_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            log_file.write(line)
            tail.append(line)
            reporter.feed(line)
        code = process.wait()
    seconds = reporter.elapsed()
    if code != 0:
        sys.stderr.write("".join(tail))
        reporter.say(f"training failed (exit {code}); full log: {_shown(log)}")
        return code
    model = out / f"{name}.tar.gz"
    if reporter.up_to_date:
        reporter.say(f"nothing changed since the last training: {_shown(model)} is up to date")
    else:
        reporter.say(f"model saved: {_shown(model)} ({seconds:.0f} s)")
    TIME_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIME_FILE.write_text(f"training took {seconds:.0f} s\n", encoding="utf-8")
    return 0


def _shown(path: Path) -> str:
    """A path relative to the project when it lies inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.train", description=__doc__)
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "models")
    parser.add_argument("--name", default="aisho-dx")
    parser.add_argument(
        "--validate", action="store_true", help="run Rasa's data validation first (slower)"
    )
    arguments = parser.parse_args(argv)
    return train(
        arguments.config.resolve(),
        arguments.out.resolve(),
        arguments.name,
        validate=arguments.validate,
    )


if __name__ == "__main__":
    sys.exit(main())
