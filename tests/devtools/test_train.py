"""`make train` shows one line per stage and keeps Rasa's output in a log file."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import List

import pytest

from bot.devtools import train as train_module
from bot.devtools.train import StageReporter, train

RASA_LINES = [
    "2026-12-06 10:00:00 WARNING  DeprecationWarning: something deprecated",
    "2026-12-06 10:00:01 INFO bot.components.ginza_nlp - GiNZA: parsing 9000 training examples",
    "2026-12-06 10:00:05 INFO     rasa.engine.training.hooks  - Starting to train component "
    "'LinearIntentClassifier'.",
    "2026-12-06 10:00:09 INFO     rasa.engine.training.hooks  - Starting to train component "
    "'RulePolicy'.",
    "2026-12-06 10:00:10 INFO     rasa.engine.training.hooks  - Starting to train component "
    "'MemoizationPolicy'.",
    "Your Rasa model is trained and saved at 'models/aisho-dx.tar.gz'.",
]


def _stages(output: str) -> List[str]:
    return [line.split("] ", 1)[1] for line in output.splitlines()]


def test_each_stage_is_reported_once_and_warnings_not_at_all() -> None:
    out = io.StringIO()
    reporter = StageReporter(out)
    for line in RASA_LINES:
        reporter.feed(line)
    assert _stages(out.getvalue()) == [
        "NLU: GiNZA and the intent classifier",
        "dialogue: rules and memoization",
    ]


def _fake_rasa(monkeypatch: pytest.MonkeyPatch, lines: List[str], code: int) -> None:
    script = (
        "import sys\n" + "".join(f"print({line!r})\n" for line in lines) + f"sys.exit({code})\n"
    )
    monkeypatch.setattr(
        train_module, "rasa_train_command", lambda *args, **kwargs: [sys.executable, "-c", script]
    )
    monkeypatch.setattr(train_module, "TIME_FILE", Path(sys.prefix) / "nonexistent" / "t.txt")


def test_a_training_prints_stages_and_keeps_the_full_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_rasa(monkeypatch, RASA_LINES, 0)
    monkeypatch.setattr(train_module, "TIME_FILE", tmp_path / "train-time.txt")
    out = io.StringIO()
    log = tmp_path / "train.log"
    code = train(
        tmp_path / "config.yml", tmp_path, "aisho-dx", log=log, reporter=StageReporter(out)
    )
    assert code == 0
    stages = _stages(out.getvalue())
    assert stages[0].startswith("training the model with config.yml (full log:")
    assert stages[-1].startswith("model saved:")
    assert "DeprecationWarning" not in out.getvalue()
    assert "DeprecationWarning" in log.read_text(encoding="utf-8")
    assert (tmp_path / "train-time.txt").read_text().startswith("training took")


def test_a_failed_training_shows_the_end_of_the_log_and_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_rasa(monkeypatch, ["InvalidConfigException: no such component 'Foo'"], 1)
    out = io.StringIO()
    log = tmp_path / "train.log"
    code = train(tmp_path / "config.yml", tmp_path, "x", log=log, reporter=StageReporter(out))
    assert code == 1
    assert "no such component 'Foo'" in capsys.readouterr().err
    assert f"training failed (exit 1); full log: {log}" in out.getvalue()


def test_validation_is_skipped_unless_asked_for(tmp_path: Path) -> None:
    quick = train_module.rasa_train_command(tmp_path, tmp_path, "m", validate=False)
    thorough = train_module.rasa_train_command(tmp_path, tmp_path, "m", validate=True)
    assert quick[-1] == "--skip-validation" and "--skip-validation" not in thorough
