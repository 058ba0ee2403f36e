"""Which model is live, publishing a gated candidate and rolling back.

The live model is the newest row of review_model_releases; before anything is
published it is the base model `make train` built. Publishing adds a row;
the web server's model endpoint (bot.web.model_server) then serves that file
with its SHA-256 as ETag, and every Rasa instance loads it at its next pull.
Rolling back adds a row for the model that was live before the current one.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from bot.review.clock import from_db, to_db, utc_now
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.tables import model_pulls, model_releases, training_runs

SYSTEM = "システム"
ACTION_INITIAL = "initial"
ACTION_PUBLISH = "publish"
ACTION_ROLLBACK = "rollback"
# An instance that has not pulled for this long is no longer counted as running.
INSTANCE_GONE_AFTER = timedelta(minutes=2)
# How often the Rasa instances ask for a new model (endpoints.yml
# wait_time_between_pulls, from MODEL_PULL_SECONDS).
PULL_SECONDS_ENV = "MODEL_PULL_SECONDS"
DEFAULT_PULL_SECONDS = 10
# Loading a pulled model takes a few seconds; an instance gets this long on top.
LOAD_ALLOWANCE_S = 60


class PublishError(ValueError):
    """The model cannot be published or rolled back; the message is for staff (Japanese)."""


NO_MODEL_YET = "最初のモデルがまだ作られていません。システム担当者に連絡してください。"


@dataclass(frozen=True)
class Release:
    """One published model."""

    id: int
    published_at: datetime
    published_by: str
    action: str
    run_id: Optional[int]
    file: Path
    checksum: str
    trained_at: Optional[datetime]
    previous_id: Optional[int]

    @property
    def label(self) -> str:
        """How staff see the model: 学習 #run, or 初期モデル."""
        return f"学習 #{self.run_id}" if self.run_id else "初期モデル"


@dataclass(frozen=True)
class LiveModel:
    """The model the endpoint serves now (a release, or the base model)."""

    file: Path
    checksum: str
    release: Optional[Release]

    @property
    def label(self) -> str:
        """How staff see it."""
        return self.release.label if self.release else "初期モデル"

    @property
    def trained_at(self) -> Optional[datetime]:
        """When its training data was taken: staff changes after this are not in it."""
        if self.release:
            return self.release.trained_at
        try:
            return datetime.fromtimestamp(self.file.stat().st_mtime, tz=UTC)
        except OSError:
            return None


@dataclass(frozen=True)
class InstancePull:
    """A Rasa instance as seen by its last model pull."""

    instance: str
    fingerprint: str
    seen_at: datetime
    switched_at: Optional[datetime]


def _release(row: object) -> Release:
    return Release(
        id=row.id,
        published_at=from_db(row.published_at),
        published_by=row.published_by,
        action=row.action,
        run_id=row.run_id,
        file=Path(row.file),
        checksum=row.checksum,
        trained_at=from_db(row.trained_at),
        previous_id=row.previous_id,
    )


def _newest(connection: Connection) -> Optional[Release]:
    row = connection.execute(
        select(model_releases).order_by(model_releases.c.id.desc()).limit(1)
    ).first()
    return _release(row) if row else None


def live_release(engine: Engine) -> Optional[Release]:
    """The newest release, or None while the base model is live."""
    with engine.connect() as connection:
        return _newest(connection)


class BaseChecksums:
    """The base model's checksum, recomputed only when its file changes."""

    def __init__(self) -> None:
        self._key: Optional[tuple] = None
        self._checksum = ""

    def __call__(self, path: Path) -> str:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key != self._key:
            self._checksum = sha256_of(path)
            self._key = key
        return self._checksum


_base_checksums = BaseChecksums()


def live_model(engine: Engine, files: ModelFiles) -> LiveModel:
    """The model residents are (or are about to be) answered by.

    Raises:
        FileNotFoundError: nothing was published and the base model is missing.
    """
    release = live_release(engine)
    if release:
        return LiveModel(release.file, release.checksum, release)
    return LiveModel(files.base_model, _base_checksums(files.base_model), None)


def releases(engine: Engine, limit: int = 20) -> List[Release]:
    """The newest releases first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(model_releases).order_by(model_releases.c.id.desc()).limit(limit)
        ).all()
    return [_release(row) for row in rows]


def _insert(connection: Connection, **values: object) -> int:
    result = connection.execute(model_releases.insert().values(**values))
    return int(result.inserted_primary_key[0])


def _ensure_initial(connection: Connection, files: ModelFiles, now: datetime) -> Release:
    """The live release, recording the base model as the first one if none exists."""
    current = _newest(connection)
    if current:
        return current
    kept, checksum = files.keep_base()
    _insert(
        connection,
        published_at=to_db(now),
        published_by=SYSTEM,
        action=ACTION_INITIAL,
        run_id=None,
        file=str(kept),
        checksum=checksum,
        trained_at=to_db(datetime.fromtimestamp(files.base_model.stat().st_mtime, now.tzinfo)),
        previous_id=None,
    )
    newest = _newest(connection)
    assert newest is not None
    return newest


def publish_run(
    engine: Engine, files: ModelFiles, run_id: int, staff: str, *, now: Optional[datetime] = None
) -> Release:
    """Makes a run's gated candidate the live model.

    The checksum recorded by the gate must match the file (the published model
    is the one the gate measured).

    Raises:
        PublishError: the run did not pass the gate, its file is gone or changed,
            or it is already live.
    """
    now = now or utc_now()
    with engine.begin() as connection:
        run = connection.execute(select(training_runs).where(training_runs.c.id == run_id)).first()
        if run is None:
            raise PublishError(f"学習 #{run_id} は見つかりません。")
        if run.status not in ("passed", "published") or not run.candidate_file or not run.checksum:
            raise PublishError(f"学習 #{run_id} は品質確認に合格していないため、反映できません。")
        path = Path(run.candidate_file)
        if not path.is_file() or sha256_of(path) != run.checksum:
            raise PublishError(
                f"学習 #{run_id} のモデルが品質確認のときと変わっているため、反映できません。"
            )
        current = _ensure_initial(connection, files, now)
        if current.checksum == run.checksum:
            raise PublishError(f"学習 #{run_id} のモデルはすでに反映されています。")
        _insert(
            connection,
            published_at=to_db(now),
            published_by=staff,
            action=ACTION_PUBLISH,
            run_id=run_id,
            file=str(path),
            checksum=run.checksum,
            trained_at=run.finished_at or run.started_at,
            previous_id=current.id,
        )
        if run.finished_at is not None:  # published later (--run): no longer 未反映
            connection.execute(
                training_runs.update()
                .where(training_runs.c.id == run_id)
                .values(status="published")
            )
        newest = _newest(connection)
    assert newest is not None
    return newest


def rollback(
    engine: Engine, files: ModelFiles, staff: str, *, now: Optional[datetime] = None
) -> Release:
    """Makes the model that was live before the current one live again.

    Raises:
        PublishError: there is no earlier model, or its file is gone.
    """
    now = now or utc_now()
    with engine.begin() as connection:
        current = _newest(connection)
        if current is None or current.previous_id is None:
            raise PublishError("前のモデルがないため、元に戻せません。")
        target_row = connection.execute(
            select(model_releases).where(model_releases.c.id == current.previous_id)
        ).first()
        if target_row is None:
            raise PublishError("前のモデルの記録が見つからないため、元に戻せません。")
        target = _release(target_row)
        if not target.file.is_file() or sha256_of(target.file) != target.checksum:
            raise PublishError("前のモデルのファイルが見つからないため、元に戻せません。")
        _insert(
            connection,
            published_at=to_db(now),
            published_by=staff,
            action=ACTION_ROLLBACK,
            run_id=target.run_id,
            file=str(target.file),
            checksum=target.checksum,
            trained_at=to_db(target.trained_at) if target.trained_at else None,
            previous_id=target.previous_id,
        )
        newest = _newest(connection)
    assert newest is not None
    return newest


def record_pull(
    engine: Engine, instance: str, fingerprint: str, *, now: Optional[datetime] = None
) -> None:
    """Remembers what a Rasa instance runs, from the If-None-Match of its pull."""
    now = to_db(now or utc_now())
    with engine.begin() as connection:
        row = connection.execute(
            select(model_pulls).where(model_pulls.c.instance == instance)
        ).first()
        if row is None:
            connection.execute(
                model_pulls.insert().values(
                    instance=instance, fingerprint=fingerprint, seen_at=now, switched_at=now
                )
            )
            return
        values = {"seen_at": now, "fingerprint": fingerprint}
        if row.fingerprint != fingerprint:
            values["switched_at"] = now
        connection.execute(
            model_pulls.update().where(model_pulls.c.instance == instance).values(**values)
        )


def running_instances(engine: Engine, *, now: Optional[datetime] = None) -> List[InstancePull]:
    """The Rasa instances that pulled recently, by name."""
    since = to_db((now or utc_now()) - INSTANCE_GONE_AFTER)
    with engine.connect() as connection:
        rows = connection.execute(
            select(model_pulls)
            .where(model_pulls.c.seen_at >= since)
            .order_by(model_pulls.c.instance)
        ).all()
    return [
        InstancePull(row.instance, row.fingerprint, from_db(row.seen_at), from_db(row.switched_at))
        for row in rows
    ]


def pull_seconds(env: Mapping[str, str] = os.environ) -> int:
    """The instances' pull interval (MODEL_PULL_SECONDS, default 10)."""
    try:
        return max(1, int(env.get(PULL_SECONDS_ENV, DEFAULT_PULL_SECONDS)))
    except ValueError:
        return DEFAULT_PULL_SECONDS


_MODEL_CHECKSUM = re.compile(r"^[0-9a-f]{64}$")
INSTANCE_LIVE, INSTANCE_PREVIOUS, INSTANCE_STARTING = "live", "previous", "starting"


def instance_state(fingerprint: str, live_checksum: str) -> str:
    """What an instance runs, from the fingerprint of its last pull: the live
    model, another model (it switches at its next pull), or none yet (Rasa then
    sends a random id of its own, never a SHA-256 like our ETags)."""
    checksum = fingerprint_of(fingerprint)
    if checksum == live_checksum:
        return INSTANCE_LIVE
    return INSTANCE_PREVIOUS if _MODEL_CHECKSUM.match(checksum) else INSTANCE_STARTING


def fingerprint_of(etag: str) -> str:
    """A checksum from an ETag or If-None-Match value (quotes and W/ removed)."""
    value = etag.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def wait_until_live(
    engine: Engine,
    checksum: str,
    *,
    timeout_s: Optional[float] = None,
    poll_s: float = 1.0,
    clock: Callable[[], datetime] = utc_now,
) -> Dict[str, object]:
    """Waits until every running Rasa instance has loaded the model `checksum`.

    An instance says what it runs in the If-None-Match of its next pull, which
    it sends only after loading. Instances that stop pulling are not waited for.

    Returns:
        {"running": n, "switched": m, "seconds": s}; m < n after the timeout.
    """
    timeout_s = timeout_s if timeout_s is not None else 3 * pull_seconds() + LOAD_ALLOWANCE_S
    started = time.monotonic()
    while True:
        instances = running_instances(engine, now=clock())
        switched = [i for i in instances if fingerprint_of(i.fingerprint) == checksum]
        elapsed = time.monotonic() - started
        if len(switched) == len(instances) or elapsed >= timeout_s:
            return {
                "running": len(instances),
                "switched": len(switched),
                "seconds": round(elapsed, 1),
            }
        time.sleep(poll_s)
