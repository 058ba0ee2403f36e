"""The 「学習して反映」 page on a real review store (SQLite in tmp_path) with model
files of a few bytes: the app and the states the page can be in."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict

from aiohttp import web
from sqlalchemy.engine import URL

from bot.review.auth.passwords import hash_password
from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.job import TRAIN_FAILED
from bot.review.publish.releases import live_model, publish_run, record_pull
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.web.app import FEATURES, create_app
from bot.web.settings import WebSettings
from bot.web.staff import REVIEW_SETTINGS, REVIEW_STORE
from bot.web.staff.keys import MODEL_FILES
from tests.web.staff.conftest import PASSWORD, RASA_URL

REASON = (
    "英語：確認用の質問20問のうち、正しく答えられた数が18問から15問に減りました"
    "（減ってよいのは1問までです）。答えられなくなった質問の例：「Office hours?」"
)


def publish_settings(tmp_path: Path) -> ReviewSettings:
    return ReviewSettings(
        db_url=URL.create("sqlite", database=str(tmp_path / "review.db")),
        hash_key=b"test-key",
        export_dir=tmp_path / "reviewed",
        model_path=tmp_path / "no-model.tar.gz",
        staff_username="staff",
        staff_password_hash=hash_password(PASSWORD),
    )


def model_files(tmp_path: Path) -> ModelFiles:
    base = tmp_path / "models" / "aisho-dx.tar.gz"
    base.parent.mkdir(parents=True, exist_ok=True)
    base.write_bytes(b"base model")
    return ModelFiles(root=tmp_path / "var" / "models", base_model=base)


def publish_app(store: ReviewStore, settings: ReviewSettings, files: ModelFiles) -> web.Application:
    """The whole web app with `store` and `files`."""

    def put(app: web.Application) -> None:
        app[REVIEW_STORE] = store
        app[REVIEW_SETTINGS] = settings
        app[MODEL_FILES] = files

    return create_app(WebSettings(rasa_url=RASA_URL), features=(put, *FEATURES))


def passed_run(store: ReviewStore, files: ModelFiles, content: bytes) -> int:
    """A run whose candidate passed the gate (not published); its id."""
    run = runs.start_run(store.engine, "tanaka")
    candidate = files.candidate(run.id)
    candidate.parent.mkdir(parents=True, exist_ok=True)
    candidate.write_bytes(content)
    runs.record(store.engine, run.id, candidate_file=str(candidate), checksum=sha256_of(candidate))
    runs.record(
        store.engine,
        run.id,
        status=runs.STATUS_PASSED,
        report={
            "heldout": {"ja": {"questions": 30, "live": 28, "candidate": 29}},
            "taught": {"checked": 2, "wrong": 0},
        },
    )
    runs.finish(store.engine, run.id, runs.STATUS_PASSED)
    return run.id


def idle(store: ReviewStore, files: ModelFiles) -> str:
    """Nothing trained yet; one change waiting."""
    store.add_taught_example("ask_contact", "ja", "役場の電話番号を教えて", staff="suzuki")
    return "/staff/publish"


def going(store: ReviewStore, files: ModelFiles) -> str:
    """A run in its training stage."""
    run = runs.start_run(store.engine, "tanaka")
    runs.set_stage(store.engine, run.id, runs.STAGE_TRAIN)
    return f"/staff/publish?run={run.id}"


def refused(store: ReviewStore, files: ModelFiles) -> str:
    """A run the gate refused."""
    run = runs.start_run(store.engine, "tanaka")
    runs.record(
        store.engine,
        run.id,
        reasons=[REASON],
        report={
            "heldout": {"en": {"questions": 20, "live": 18, "candidate": 15}},
            "taught": {"checked": 1, "wrong": 0},
        },
    )
    runs.finish(store.engine, run.id, runs.STATUS_REFUSED)
    return f"/staff/publish?run={run.id}"


def failed(store: ReviewStore, files: ModelFiles) -> str:
    """A run whose training failed."""
    run = runs.start_run(store.engine, "tanaka")
    runs.set_stage(store.engine, run.id, runs.STAGE_TRAIN)
    # What the job records when `rasa train` fails: no gate numbers.
    runs.record(store.engine, run.id, report={"stage_seconds": {"prepare": 2.0, "train": 30.0}})
    runs.finish(
        store.engine,
        run.id,
        runs.STATUS_FAILED,
        error=TRAIN_FAILED.format(run=run.id),
    )
    return f"/staff/publish?run={run.id}"


def published(store: ReviewStore, files: ModelFiles) -> str:
    """A run published; one Rasa instance switched, one not yet."""
    older = live_model(store.engine, files).checksum  # the base model's SHA-256
    run_id = passed_run(store, files, b"model A")
    publish_run(store.engine, files, run_id, "tanaka")
    report = runs.get_run(store.engine, run_id).report  # type: ignore[union-attr]
    report["instances"] = {"running": 2, "switched": 1, "seconds": 14.0}
    runs.record(store.engine, run_id, report=report)
    runs.record(store.engine, run_id, status=runs.STATUS_PUBLISHED)
    live = live_model(store.engine, files)
    record_pull(store.engine, "rasa-1:5005", live.checksum)
    record_pull(store.engine, "rasa-2:5005", older)
    return f"/staff/publish?run={run_id}"


STATES: Dict[str, Callable[[ReviewStore, ModelFiles], str]] = {
    "idle": idle,
    "going": going,
    "refused": refused,
    "failed": failed,
    "published": published,
}
