"""The background job of one training run: workspace → `rasa train` → gate → publish.

    python -m bot.review.publish.job RUN_ID

The 「学習して反映」 page starts it as its own process (so the web server keeps
answering), at a lower CPU priority than the servers residents talk to; the
command line (`python -m bot.review publish`) runs the same steps in its own
process. Every step is written to the run's row (stage, heartbeat, result).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from sqlalchemy.engine import Engine

from bot.devtools.train import RASA, quiet_environment
from bot.review.publish import runs
from bot.review.publish.cleanup import prune_runs
from bot.review.publish.files import ModelFiles, model_files_from_env, sha256_of
from bot.review.publish.gate import (
    GateResult,
    HeldoutAnswers,
    TaughtExample,
    answer_heldout,
    heldout_digest,
    heldout_set,
    model_predictor,
    run_gate,
)
from bot.review.publish.releases import (
    NO_MODEL_YET,
    PublishError,
    live_model,
    publish_run,
    wait_until_live,
)
from bot.review.settings import ReviewSettings, load_review_settings
from bot.review.storage.store import ReviewStore
from bot.review.teach.pending import PendingChange, pending_changes
from bot.review.teach.workspace import write_training_workspace
from bot.stores.sql_env import PROJECT_ROOT
from bot.town.topic_titles import load_topic_titles

logger = logging.getLogger(__name__)

CONFIG = PROJECT_ROOT / "config.yml"
NICENESS = 10
TRAIN_FAILED = (
    "学習に失敗しました。システム担当者に連絡してください（学習 #{run} の記録が残っています）。"
)
UNEXPECTED = (
    "予期しない問題で止まりました。"
    "システム担当者に連絡してください（学習 #{run} の記録が残っています）。"
)

Say = Callable[[str], None]


class Heartbeat:
    """Writes the run's heartbeat every few seconds from a thread."""

    def __init__(self, store: ReviewStore, run_id: int) -> None:
        self._store = store
        self._run_id = run_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(runs.HEARTBEAT_EVERY_S):
            try:
                runs.heartbeat(self._store.engine, self._run_id)
            except Exception:  # noqa: BLE001 - a missed beat must not stop training
                logger.warning("heartbeat of run %d failed", self._run_id, exc_info=True)

    def __enter__(self) -> Heartbeat:
        runs.heartbeat(self._store.engine, self._run_id)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def train_command(data_dir: Path, domain_file: Path, out: Path, name: str) -> List[str]:
    """`rasa train` on a workspace's data with the repository's pipeline."""
    return [
        str(RASA),
        "train",
        "--config",
        str(CONFIG),
        "--data",
        str(data_dir),
        "--domain",
        str(domain_file),
        "--out",
        str(out),
        "--fixed-model-name",
        name,
        "--skip-validation",
    ]


def train_candidate(data_dir: Path, domain_file: Path, files: ModelFiles, run_id: int) -> Path:
    """Trains the run's candidate model; raises RuntimeError when Rasa fails."""
    files.candidates.mkdir(parents=True, exist_ok=True)
    files.logs.mkdir(parents=True, exist_ok=True)
    log = files.logs / f"train-run{run_id}.log"
    with log.open("w", encoding="utf-8") as handle:
        code = subprocess.call(  # noqa: S603 - fixed command
            train_command(data_dir, domain_file, files.candidates, files.candidate_name(run_id)),
            cwd=PROJECT_ROOT,  # Rasa's cache (.rasa/) is shared with `make train`
            env=quiet_environment(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    candidate = files.candidate(run_id)
    if code != 0 or not candidate.is_file():
        raise RuntimeError(f"rasa train exited with {code}; see {log}")
    return candidate


def _evaluation_file(files: ModelFiles, checksum: str) -> Path:
    return files.root / "evaluations" / f"{checksum}.json"


def heldout_answers_of(
    model: Path, checksum: str, files: ModelFiles, digest: str, questions: Dict
) -> HeldoutAnswers:
    """The held-out answers of a model, measured once per model and held-out files."""
    path = _evaluation_file(files, checksum)
    if path.is_file():
        kept = HeldoutAnswers.from_json(path.read_text(encoding="utf-8"))
        if kept.heldout_digest == digest:
            return kept
    answers = answer_heldout(model_predictor(model), checksum, questions, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers.to_json(), encoding="utf-8")
    return answers


def gate_candidate(
    candidate: Path,
    checksum: str,
    live_file: Path,
    live_checksum: str,
    files: ModelFiles,
    taught: Sequence[TaughtExample],
) -> GateResult:
    """Measures the candidate (and the live model, if never measured) and judges it."""
    questions = heldout_set()
    digest = heldout_digest()
    live = heldout_answers_of(live_file, live_checksum, files, digest, questions)
    predict = model_predictor(candidate)
    answers = answer_heldout(predict, checksum, questions, digest)
    path = _evaluation_file(files, checksum)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers.to_json(), encoding="utf-8")
    titles = dict(load_topic_titles("ja").topics)
    return run_gate(
        candidate=answers,
        live=live,
        candidate_predict=predict,
        taught=taught,
        titles=titles,
        questions=questions,
    )


def _change_entry(change: PendingChange) -> Dict[str, str]:
    """A pending change as stored with the run (JSON)."""
    return {
        key: value.isoformat() if isinstance(value, datetime) else str(value)
        for key, value in asdict(change).items()
    }


class Stages:
    """Moves a run through its stages and times each one."""

    def __init__(self, store: ReviewStore, run_id: int, say: Say) -> None:
        self.store = store
        self.run_id = run_id
        self.say = say
        self.seconds: Dict[str, float] = {}
        self._stage: Optional[str] = None
        self._started = time.monotonic()

    def enter(self, stage: str) -> None:
        """Ends the current stage and starts `stage`."""
        self.close()
        self._stage = stage
        self._started = time.monotonic()
        runs.set_stage(self.store.engine, self.run_id, stage)
        self.say(f"{runs.STAGE_LABELS[stage]}…")

    def close(self) -> None:
        """Records how long the current stage took."""
        if self._stage:
            self.seconds[self._stage] = round(time.monotonic() - self._started, 1)
            self._stage = None


def run_job(
    run_id: int,
    *,
    store: ReviewStore,
    settings: ReviewSettings,
    files: ModelFiles,
    say: Say = lambda text: logger.info("%s", text),
) -> runs.TrainingRun:
    """Runs every stage of a started run and ends it; returns the ended run.

    Afterwards the files of old runs are removed (bot.review.publish.cleanup).
    """
    engine = store.engine
    run = runs.get_run(engine, run_id)
    if run is None or not run.going:
        raise ValueError(f"run {run_id} is not going")
    stages = Stages(store, run_id, say)
    report: Dict[str, object] = {}
    with Heartbeat(store, run_id):
        try:
            stages.enter(runs.STAGE_PREPARE)
            try:
                live = live_model(engine, files)
            except FileNotFoundError:
                raise PublishError(NO_MODEL_YET) from None
            workspace = files.workspaces / f"run{run_id}"
            shutil.rmtree(workspace, ignore_errors=True)
            inputs = write_training_workspace(store, settings, workspace)
            changes = [_change_entry(change) for change in pending_changes(store, live.trained_at)]
            runs.record(engine, run_id, inputs_digest=inputs.digest, changes=changes)

            stages.enter(runs.STAGE_TRAIN)
            candidate = train_candidate(inputs.data_dir, inputs.domain_file, files, run_id)
            checksum = sha256_of(candidate)
            runs.record(engine, run_id, candidate_file=str(candidate), checksum=checksum)

            stages.enter(runs.STAGE_GATE)
            taught = [
                TaughtExample(example.text, example.topic, example.language)
                for example in inputs.reviewed
            ]
            result = gate_candidate(candidate, checksum, live.file, live.checksum, files, taught)
            report.update(result.report)
            report["live_checksum"] = live.checksum
            if not result.passed:
                for reason in result.reasons:
                    say(f"不合格: {reason}")
                _end(engine, run_id, stages, report, runs.STATUS_REFUSED, reasons=result.reasons)
            elif not run.publish:
                _end(engine, run_id, stages, report, runs.STATUS_PASSED)
            else:
                stages.enter(runs.STAGE_PUBLISH)
                runs.record(engine, run_id, status=runs.STATUS_PASSED)  # publish_run checks it
                release = publish_run(engine, files, run_id, run.started_by)
                store.log_change(
                    run.started_by, "publish", release.label, "品質の確認に合格し、反映しました"
                )
                report["instances"] = wait_until_live(engine, checksum)
                _end(engine, run_id, stages, report, runs.STATUS_PUBLISHED)
        except PublishError as error:
            _end(engine, run_id, stages, report, runs.STATUS_FAILED, error=str(error))
        except Exception:
            logger.exception("training run %d failed", run_id)
            stage = runs.get_run(engine, run_id)
            message = TRAIN_FAILED if stage and stage.stage == runs.STAGE_TRAIN else UNEXPECTED
            _end(
                engine, run_id, stages, report, runs.STATUS_FAILED, error=message.format(run=run_id)
            )
        finally:
            try:
                prune_runs(engine, files)
            except OSError:
                logger.warning("could not remove old training runs' files", exc_info=True)
    return _ended(engine, run_id)


def _end(
    engine: Engine,
    run_id: int,
    stages: Stages,
    report: Dict[str, object],
    status: str,
    *,
    reasons: Sequence[str] = (),
    error: Optional[str] = None,
) -> None:
    """Records the stage times, the report and the reasons, and ends the run."""
    stages.close()
    report["stage_seconds"] = stages.seconds
    runs.record(engine, run_id, report=report, reasons=list(reasons))
    runs.finish(engine, run_id, status, error=error)


def _ended(engine: Engine, run_id: int) -> runs.TrainingRun:
    ended = runs.get_run(engine, run_id)
    assert ended is not None
    return ended


def spawn(run_id: int, files: ModelFiles) -> None:
    """Starts the job of a run as its own process (returns at once)."""
    files.logs.mkdir(parents=True, exist_ok=True)
    with (files.logs / f"job-run{run_id}.log").open("a", encoding="utf-8") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "bot.review.publish.job", str(run_id)],
            cwd=PROJECT_ROOT,
            env=quiet_environment(),  # the web server's own environment (stores, folders)
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    # Reaped when it ends, so no finished job lingers as a zombie of the web server.
    threading.Thread(target=process.wait, name=f"job-{run_id}", daemon=True).start()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs one started run's job (the page starts it)."""
    parser = argparse.ArgumentParser(prog="python -m bot.review.publish.job")
    parser.add_argument("run_id", type=int)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    os.nice(NICENESS)
    settings = load_review_settings()
    store = ReviewStore.open(settings)
    try:
        run = run_job(
            arguments.run_id, store=store, settings=settings, files=model_files_from_env()
        )
    finally:
        store.close()
    return 0 if run.status in (runs.STATUS_PUBLISHED, runs.STATUS_PASSED) else 1


if __name__ == "__main__":
    sys.exit(main())
