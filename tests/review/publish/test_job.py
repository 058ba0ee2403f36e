"""The training job without Rasa: `rasa train` and the gate are replaced, the
rest (workspace, run row, publishing, change log) is the real thing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, List, Sequence

import pytest

from bot.review.clock import utc_now
from bot.review.publish import job, runs
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.gate import GateResult, TaughtExample
from bot.review.publish.releases import live_model, releases
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock
from tests.review.publish.conftest import BASE_BYTES

ROOT = Path(__file__).resolve().parents[3]
REFUSAL = "英語：確認用の質問20問のうち、正しく答えられた数が18問から15問に減りました。"


class FakeRasa:
    """Stands in for `rasa train`, the gate and the instances; remembers what it saw."""

    def __init__(self, store: ReviewStore, *, passed: bool = True, fail_train: bool = False):
        self.store = store
        self.passed = passed
        self.fail_train = fail_train
        self.stages_seen: List[str] = []
        self.heartbeats: List[Any] = []
        self.taught: List[TaughtExample] = []
        self.waited_for: List[str] = []

    def train(self, data_dir: Path, domain_file: Path, files: ModelFiles, run_id: int) -> Path:
        assert (data_dir / "nlu").is_dir() and domain_file.is_file()
        run = runs.get_run(self.store.engine, run_id)
        assert run is not None
        self.stages_seen.append(run.stage)
        self.heartbeats.append(run.heartbeat_at)
        time.sleep(0.3)  # a few heartbeats
        self.heartbeats.append(runs.get_run(self.store.engine, run_id).heartbeat_at)  # type: ignore[union-attr]
        if self.fail_train:
            raise RuntimeError("rasa train exited with 1")
        candidate = files.candidate(run_id)
        candidate.parent.mkdir(parents=True, exist_ok=True)
        candidate.write_bytes(f"candidate of run {run_id}".encode())
        return candidate

    def gate(
        self,
        candidate: Path,
        checksum: str,
        live_file: Path,
        live_checksum: str,
        files: ModelFiles,
        taught: Sequence[TaughtExample],
    ) -> GateResult:
        self.stages_seen.append(runs.get_run(self.store.engine, _run_id(candidate)).stage)  # type: ignore[union-attr]
        self.taught = list(taught)
        assert live_file.read_bytes() == BASE_BYTES and live_checksum == sha256_of(live_file)
        report: Dict[str, object] = {
            "heldout": {"en": {"questions": 20, "live": 18, "candidate": 15}}
        }
        return GateResult(self.passed, () if self.passed else (REFUSAL,), report)

    def wait(self, engine: Any, checksum: str, **_: Any) -> Dict[str, object]:
        self.waited_for.append(checksum)
        return {"running": 2, "switched": 2, "seconds": 12.0}


def _run_id(candidate: Path) -> int:
    return int(candidate.name.split("run")[1].split(".")[0])


@pytest.fixture
def rasa(repo_store: ReviewStore, monkeypatch: pytest.MonkeyPatch) -> FakeRasa:
    fake = FakeRasa(repo_store)
    monkeypatch.setattr(job, "train_candidate", fake.train)
    monkeypatch.setattr(job, "gate_candidate", fake.gate)
    monkeypatch.setattr(job, "wait_until_live", fake.wait)
    monkeypatch.setattr(runs, "HEARTBEAT_EVERY_S", 0.05)
    return fake


def _run(store: ReviewStore, settings: ReviewSettings, files: ModelFiles) -> runs.TrainingRun:
    started = runs.start_run(store.engine, "tanaka")
    said: List[str] = []
    return job.run_job(started.id, store=store, settings=settings, files=files, say=said.append)


def test_a_passed_candidate_is_published_and_logged(
    rasa: FakeRasa,
    repo_store: ReviewStore,
    repo_settings: ReviewSettings,
    model_files: ModelFiles,
    clock: FakeClock,
) -> None:
    clock.now = utc_now()  # taught after the base model was built
    repo_store.add_taught_example("ask_contact", "ja", "役場の電話番号を教えて", staff="suzuki")

    ended = _run(repo_store, repo_settings, model_files)

    assert ended.status == runs.STATUS_PUBLISHED and not ended.going and ended.error is None
    live = live_model(repo_store.engine, model_files)
    assert live.checksum == ended.checksum == sha256_of(model_files.candidate(ended.id))
    assert live.release is not None and live.release.run_id == ended.id
    assert rasa.waited_for == [ended.checksum]
    assert ended.report["instances"] == {"running": 2, "switched": 2, "seconds": 12.0}
    assert set(ended.stage_seconds()) == set(runs.STAGES)
    assert rasa.stages_seen == [runs.STAGE_TRAIN, runs.STAGE_GATE]
    # The gate checked what staff taught; the run remembers the change it trained.
    assert TaughtExample("役場の電話番号を教えて", "ask_contact", "ja") in rasa.taught
    assert any("役場の電話番号を教えて" in change["description"] for change in ended.changes)
    entry = next(e for e in repo_store.change_log() if e.action == "publish")
    assert (entry.staff, entry.subject) == ("tanaka", f"学習 #{ended.id}")


def test_the_job_sends_heartbeats_while_training(
    rasa: FakeRasa, repo_store: ReviewStore, repo_settings: ReviewSettings, model_files: ModelFiles
) -> None:
    _run(repo_store, repo_settings, model_files)

    before, after = rasa.heartbeats
    assert after > before


def test_a_refused_candidate_is_not_published_and_says_why(
    rasa: FakeRasa, repo_store: ReviewStore, repo_settings: ReviewSettings, model_files: ModelFiles
) -> None:
    rasa.passed = False

    ended = _run(repo_store, repo_settings, model_files)

    assert ended.status == runs.STATUS_REFUSED and not ended.going
    assert ended.reasons == [REFUSAL]
    assert ended.report["heldout"]["en"]["candidate"] == 15  # type: ignore[index]
    assert live_model(repo_store.engine, model_files).checksum == sha256_of(model_files.base_model)
    assert releases(repo_store.engine) == [] and rasa.waited_for == []
    assert not any(e.action == "publish" for e in repo_store.change_log())
    assert runs.going_run(repo_store.engine) is None  # the next run may start


def test_a_failed_training_says_so_in_japanese_and_frees_the_slot(
    rasa: FakeRasa, repo_store: ReviewStore, repo_settings: ReviewSettings, model_files: ModelFiles
) -> None:
    rasa.fail_train = True

    ended = _run(repo_store, repo_settings, model_files)

    assert ended.status == runs.STATUS_FAILED
    assert ended.error == job.TRAIN_FAILED.format(run=ended.id)
    assert f"学習 #{ended.id}" in ended.error and "システム担当者" in ended.error
    assert live_model(repo_store.engine, model_files).release is None
    assert runs.going_run(repo_store.engine) is None


def test_a_run_that_is_not_going_is_not_run_again(
    rasa: FakeRasa, repo_store: ReviewStore, repo_settings: ReviewSettings, model_files: ModelFiles
) -> None:
    ended = _run(repo_store, repo_settings, model_files)

    with pytest.raises(ValueError):
        job.run_job(ended.id, store=repo_store, settings=repo_settings, files=model_files)
