"""Training runs: starting one (never two at once), its progress, its end.

A run's row is the only state the web pages and the command line read; the
background job (bot.review.publish.job) writes its stage and a heartbeat to
it. The unique `active` column makes "one at a time" hold across processes
and web servers: a second start fails on the database, not on a race. A run
whose job stopped sending heartbeats (the server was stopped) is closed as
interrupted when the next one starts.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Mapping, Optional, Sequence

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.review.clock import from_db, to_db, utc_now
from bot.review.publish.tables import training_runs

STAGE_PREPARE = "prepare"
STAGE_TRAIN = "train"
STAGE_GATE = "gate"
STAGE_PUBLISH = "publish"
STAGE_DONE = "done"
STAGES = (STAGE_PREPARE, STAGE_TRAIN, STAGE_GATE, STAGE_PUBLISH)
STAGE_LABELS: Mapping[str, str] = {
    STAGE_PREPARE: "学習データの準備",
    STAGE_TRAIN: "学習",
    STAGE_GATE: "品質の確認",
    STAGE_PUBLISH: "チャットボットへの反映",
    STAGE_DONE: "完了",
}
# Seconds per stage before any run was measured on this machine.
DEFAULT_STAGE_SECONDS: Mapping[str, float] = {
    STAGE_PREPARE: 3,
    STAGE_TRAIN: 50,
    STAGE_GATE: 40,
    STAGE_PUBLISH: 20,
}

STATUS_RUNNING = "running"
STATUS_PUBLISHED = "published"
STATUS_PASSED = "passed"  # passed the gate, not published (command line --no-publish)
STATUS_REFUSED = "refused"
STATUS_FAILED = "failed"
STATUS_LABELS: Mapping[str, str] = {
    STATUS_RUNNING: "実行中",
    STATUS_PUBLISHED: "合格・反映済み",
    STATUS_PASSED: "合格（未反映）",
    STATUS_REFUSED: "不合格（反映しませんでした）",
    STATUS_FAILED: "失敗",
}
HEARTBEAT_EVERY_S = 5.0
# A running run whose heartbeat is older than this was interrupted.
STALE_AFTER = timedelta(seconds=90)
INTERRUPTED = (
    "学習が途中で止まりました（サーバーが停止した可能性があります）。もう一度実行してください。"
)


class RunAlreadyGoingError(RuntimeError):
    """Another training run is going; `run` is it."""

    def __init__(self, run: TrainingRun) -> None:
        super().__init__(f"training run #{run.id} is going")
        self.run = run


@dataclass(frozen=True)
class TrainingRun:
    """One training run as stored."""

    id: int
    started_at: datetime
    started_by: str
    status: str
    stage: str
    stage_started_at: datetime
    heartbeat_at: datetime
    finished_at: Optional[datetime]
    publish: bool
    candidate_file: Optional[str]
    checksum: Optional[str]
    changes: List[Dict[str, str]]
    report: Dict[str, object]
    reasons: List[str]
    error: Optional[str]

    @property
    def going(self) -> bool:
        """Whether the run has not ended."""
        return self.finished_at is None

    def elapsed_s(self, now: datetime) -> float:
        """Seconds from the start to the end (or to now while going)."""
        return ((self.finished_at or now) - self.started_at).total_seconds()

    def stage_seconds(self) -> Dict[str, float]:
        """How long each finished stage took (from the report)."""
        seconds = self.report.get("stage_seconds", {})
        return dict(seconds) if isinstance(seconds, dict) else {}


def _run(row: object) -> TrainingRun:
    return TrainingRun(
        id=row.id,
        started_at=from_db(row.started_at),
        started_by=row.started_by,
        status=row.status,
        stage=row.stage,
        stage_started_at=from_db(row.stage_started_at),
        heartbeat_at=from_db(row.heartbeat_at),
        finished_at=from_db(row.finished_at),
        publish=bool(row.publish),
        candidate_file=row.candidate_file,
        checksum=row.checksum,
        changes=json.loads(row.changes or "[]"),
        report=json.loads(row.report or "{}"),
        reasons=json.loads(row.reasons or "[]"),
        error=row.error,
    )


def get_run(engine: Engine, run_id: int) -> Optional[TrainingRun]:
    """One run, or None."""
    with engine.connect() as connection:
        row = connection.execute(select(training_runs).where(training_runs.c.id == run_id)).first()
    return _run(row) if row else None


def recent_runs(engine: Engine, limit: int = 10) -> List[TrainingRun]:
    """The newest runs first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(training_runs).order_by(training_runs.c.id.desc()).limit(limit)
        ).all()
    return [_run(row) for row in rows]


def going_run(engine: Engine) -> Optional[TrainingRun]:
    """The run that is going, if any."""
    with engine.connect() as connection:
        row = connection.execute(select(training_runs).where(training_runs.c.active == 1)).first()
    return _run(row) if row else None


def close_interrupted(engine: Engine, *, now: Optional[datetime] = None) -> Optional[int]:
    """Closes a going run whose job stopped sending heartbeats; returns its id."""
    now = now or utc_now()
    going = going_run(engine)
    if going is None or now - going.heartbeat_at < STALE_AFTER:
        return None
    finish(engine, going.id, STATUS_FAILED, error=INTERRUPTED, now=now)
    return going.id


def start_run(
    engine: Engine,
    staff: str,
    *,
    publish: bool = True,
    now: Optional[datetime] = None,
) -> TrainingRun:
    """Records a new run (stage: preparing) unless one is going.

    Raises:
        RunAlreadyGoingError: another run is going (its row is attached).
    """
    now = now or utc_now()
    close_interrupted(engine, now=now)
    moment = to_db(now)
    try:
        with engine.begin() as connection:
            result = connection.execute(
                training_runs.insert().values(
                    started_at=moment,
                    started_by=staff,
                    active=1,
                    status=STATUS_RUNNING,
                    stage=STAGE_PREPARE,
                    stage_started_at=moment,
                    heartbeat_at=moment,
                    host=socket.gethostname(),
                    publish=publish,
                )
            )
            run_id = int(result.inserted_primary_key[0])
    except IntegrityError:
        going = going_run(engine)
        if going is None:  # it ended in between: try once more
            return start_run(engine, staff, publish=publish, now=now)
        raise RunAlreadyGoingError(going) from None
    run = get_run(engine, run_id)
    assert run is not None
    return run


def _update(engine: Engine, run_id: int, **values: object) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(training_runs).where(training_runs.c.id == run_id).values(**values)
        )


def set_stage(engine: Engine, run_id: int, stage: str, *, now: Optional[datetime] = None) -> None:
    """Moves a run to its next stage."""
    moment = to_db(now or utc_now())
    _update(engine, run_id, stage=stage, stage_started_at=moment, heartbeat_at=moment)


def heartbeat(engine: Engine, run_id: int, *, now: Optional[datetime] = None) -> None:
    """Says the job of a run is still alive (and which process it is)."""
    _update(engine, run_id, heartbeat_at=to_db(now or utc_now()), pid=os.getpid())


def record(engine: Engine, run_id: int, **values: object) -> None:
    """Stores what a stage found: inputs_digest, candidate_file, checksum,
    changes/report/reasons (JSON-encoded here)."""
    for key in ("changes", "report", "reasons"):
        if key in values:
            values[key] = json.dumps(values[key], ensure_ascii=False)
    _update(engine, run_id, **values)


def finish(
    engine: Engine,
    run_id: int,
    status: str,
    *,
    error: Optional[str] = None,
    now: Optional[datetime] = None,
) -> None:
    """Ends a run with `status`; the next run may start."""
    moment = to_db(now or utc_now())
    _update(
        engine,
        run_id,
        status=status,
        stage=STAGE_DONE,
        stage_started_at=moment,
        finished_at=moment,
        heartbeat_at=moment,
        active=None,
        error=error,
    )


def expected_stage_seconds(runs: Sequence[TrainingRun]) -> Dict[str, float]:
    """Per stage, how long the newest run that got through it took (defaults otherwise)."""
    expected = dict(DEFAULT_STAGE_SECONDS)
    found = set()
    for run in runs:
        for stage, seconds in run.stage_seconds().items():
            if stage in expected and stage not in found:
                expected[stage] = float(seconds)
                found.add(stage)
    return expected


def progress(run: TrainingRun, expected: Mapping[str, float], now: datetime) -> float:
    """How far a run is, 0..1, from the stages done and the time spent in this one."""
    if not run.going:
        return 1.0
    total = sum(expected[stage] for stage in STAGES if run.publish or stage != STAGE_PUBLISH)
    done = 0.0
    for stage in STAGES:
        if stage == run.stage:
            spent = (now - run.stage_started_at).total_seconds()
            done += min(spent, expected[stage] * 0.95)
            break
        done += expected[stage]
    return max(0.0, min(0.99, done / total)) if total else 0.0
