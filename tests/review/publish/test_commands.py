"""`python -m bot.review models|rollback|publish --run N` for the engineer."""

from __future__ import annotations

import io
from typing import Tuple

import pytest

from bot.review.cli import main
from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.releases import live_model, publish_run, record_pull
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.review.publish.conftest import passed_run


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, sqlite_settings: ReviewSettings, model_files: ModelFiles
) -> ReviewSettings:
    monkeypatch.setenv("REVIEW_DB_NAME", sqlite_settings.db_url.database)
    monkeypatch.setenv("REVIEW_HASH_KEY", "test-hash-key")
    monkeypatch.setenv("REVIEW_EXPORT_DIR", str(sqlite_settings.export_dir))
    monkeypatch.setenv("TRACKER_DB_NAME", sqlite_settings.tracker_db_url.database)
    monkeypatch.delenv("REVIEW_DB_DIALECT", raising=False)
    monkeypatch.setenv("MODEL_STORE_DIR", str(model_files.root))
    monkeypatch.setenv("RASA_MODEL", str(model_files.base_model))
    return sqlite_settings


def run(*argv: str) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_models_lists_the_live_model_instances_releases_and_runs(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    published = passed_run(sqlite_store.engine, model_files, b"model A", staff="tanaka")
    publish_run(sqlite_store.engine, model_files, published.id, "tanaka")
    waiting = passed_run(sqlite_store.engine, model_files, b"model B", staff="suzuki")
    live = live_model(sqlite_store.engine, model_files)
    record_pull(sqlite_store.engine, "rasa-1", live.checksum)
    record_pull(sqlite_store.engine, "rasa-2", "0" * 64)  # another model's SHA-256
    record_pull(sqlite_store.engine, "rasa-3", "ea46605ef3b249f69045ff0f70077b27")  # Rasa's own id

    code, out, _ = run("models")

    assert code == 0
    assert f"live: 学習 #{published.id}" in out and live.checksum[:12] in out
    assert "instance rasa-1: live model" in out and "instance rasa-2: previous model" in out
    assert "instance rasa-3: starting (no model loaded yet)" in out
    assert "initial" in out and "publish" in out
    assert f"#{waiting.id}" in out and "passed" in out and "suzuki" in out


def test_rollback_with_nothing_to_roll_back_says_why(
    cli_env: ReviewSettings, sqlite_store: ReviewStore
) -> None:
    code, out, err = run("rollback", "--by", "tanaka")

    assert code == 2
    assert "前のモデルがないため、元に戻せません。" in err and out == ""


def test_rollback_makes_the_previous_model_live(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    published = passed_run(sqlite_store.engine, model_files, b"model A")
    publish_run(sqlite_store.engine, model_files, published.id, "tanaka")

    code, out, _ = run("rollback", "--by", "tanaka")

    assert code == 0
    assert "rolled back to 初期モデル" in out and "live on 0 of 0" in out
    assert live_model(sqlite_store.engine, model_files).checksum == sha256_of(
        model_files.base_model
    )


def test_publish_run_publishes_a_run_that_passed(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    waiting = passed_run(sqlite_store.engine, model_files, b"model B")

    code, out, _ = run("publish", "--run", str(waiting.id), "--by", "tanaka")

    assert code == 0
    assert f"published run #{waiting.id}" in out and "live on 0 of 0" in out
    live = live_model(sqlite_store.engine, model_files)
    assert live.checksum == waiting.checksum and live.release is not None
    assert live.release.published_by == "tanaka"
    code, out, _ = run("models")
    assert f"#{waiting.id}" in out and "published" in out and " passed " not in out


def test_publish_run_refuses_a_refused_run(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    refused = passed_run(sqlite_store.engine, model_files, b"model B")
    runs.record(sqlite_store.engine, refused.id, status=runs.STATUS_REFUSED)

    code, _, err = run("publish", "--run", str(refused.id))

    assert code == 2 and "合格していないため" in err
    assert live_model(sqlite_store.engine, model_files).release is None


def test_models_before_the_first_model_says_how_to_make_it(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    model_files.base_model.unlink()

    code, out, _ = run("models")

    assert code == 1
    assert "no model yet" in out and "make train" in out
