"""Which model is live, publishing a gated run, rolling back, and waiting for the
Rasa instances to switch."""

from __future__ import annotations

import hashlib

import pytest

from bot.review.publish import runs
from bot.review.publish.files import ModelFiles
from bot.review.publish.releases import (
    ACTION_INITIAL,
    ACTION_PUBLISH,
    ACTION_ROLLBACK,
    INSTANCE_GONE_AFTER,
    PublishError,
    live_model,
    publish_run,
    record_pull,
    releases,
    rollback,
    running_instances,
    wait_until_live,
)
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock
from tests.review.publish.conftest import BASE_BYTES, passed_run


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_before_anything_is_published_the_base_model_is_live(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    live = live_model(store.engine, model_files)

    assert live.file == model_files.base_model
    assert live.checksum == sha(BASE_BYTES)
    assert live.release is None and live.label == "初期モデル"


def test_publishing_a_passed_run_makes_it_live(store: ReviewStore, model_files: ModelFiles) -> None:
    run = passed_run(store.engine, model_files, b"model A")

    release = publish_run(store.engine, model_files, run.id, "tanaka")

    live = live_model(store.engine, model_files)
    assert live.checksum == sha(b"model A") == release.checksum
    assert live.file.read_bytes() == b"model A"
    assert live.label == f"学習 #{run.id}"
    assert (release.action, release.published_by, release.run_id) == (
        ACTION_PUBLISH,
        "tanaka",
        run.id,
    )


def test_a_run_published_later_is_marked_published(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    """`publish --run N` after `--no-publish`: the history must not say 未反映 when live."""
    run = passed_run(store.engine, model_files, b"model A")

    publish_run(store.engine, model_files, run.id, "tanaka")

    published = runs.get_run(store.engine, run.id)
    assert published is not None and published.status == runs.STATUS_PUBLISHED


@pytest.mark.parametrize("status", [runs.STATUS_REFUSED, runs.STATUS_FAILED])
def test_a_run_that_did_not_pass_is_never_published(
    store: ReviewStore, model_files: ModelFiles, status: str
) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    runs.record(store.engine, run.id, status=status)

    with pytest.raises(PublishError, match="合格していない"):
        publish_run(store.engine, model_files, run.id, "tanaka")

    assert live_model(store.engine, model_files).checksum == sha(BASE_BYTES)
    assert releases(store.engine) == []


def test_the_published_model_is_the_one_the_gate_measured(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    model_files.candidate(run.id).write_bytes(b"model A, changed after the gate")

    with pytest.raises(PublishError, match="品質確認のときと変わっている"):
        publish_run(store.engine, model_files, run.id, "tanaka")

    assert live_model(store.engine, model_files).checksum == sha(BASE_BYTES)


def test_a_missing_candidate_is_not_published(store: ReviewStore, model_files: ModelFiles) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    model_files.candidate(run.id).unlink()

    with pytest.raises(PublishError):
        publish_run(store.engine, model_files, run.id, "tanaka")


def test_the_live_model_is_not_published_again(store: ReviewStore, model_files: ModelFiles) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    publish_run(store.engine, model_files, run.id, "tanaka")

    with pytest.raises(PublishError, match="すでに反映されています"):
        publish_run(store.engine, model_files, run.id, "suzuki")

    assert len(releases(store.engine)) == 2  # initial + A


def test_the_first_publish_keeps_the_base_model_unchanged_for_a_rollback(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    publish_run(store.engine, model_files, run.id, "tanaka")
    model_files.base_model.write_bytes(b"a newer make train")  # the engineer retrains

    initial = releases(store.engine)[-1]
    assert initial.action == ACTION_INITIAL and initial.run_id is None
    assert initial.file.parent == model_files.releases
    assert initial.checksum == sha(BASE_BYTES)

    back = rollback(store.engine, model_files, "tanaka")

    live = live_model(store.engine, model_files)
    assert back.action == ACTION_ROLLBACK and live.label == "初期モデル"
    assert live.file.read_bytes() == BASE_BYTES and live.checksum == sha(BASE_BYTES)


def test_rollbacks_go_back_one_model_at_a_time_until_the_first(
    store: ReviewStore, model_files: ModelFiles, clock: FakeClock
) -> None:
    run_a = passed_run(store.engine, model_files, b"model A")
    publish_run(store.engine, model_files, run_a.id, "tanaka")
    run_b = passed_run(store.engine, model_files, b"model B")
    publish_run(store.engine, model_files, run_b.id, "tanaka")
    assert live_model(store.engine, model_files).checksum == sha(b"model B")

    rollback(store.engine, model_files, "suzuki")
    assert live_model(store.engine, model_files).checksum == sha(b"model A")
    assert live_model(store.engine, model_files).label == f"学習 #{run_a.id}"

    rollback(store.engine, model_files, "suzuki")
    assert live_model(store.engine, model_files).checksum == sha(BASE_BYTES)

    with pytest.raises(PublishError, match="前のモデルがないため"):
        rollback(store.engine, model_files, "suzuki")
    assert live_model(store.engine, model_files).checksum == sha(BASE_BYTES)
    assert [release.action for release in releases(store.engine)] == [
        ACTION_ROLLBACK,
        ACTION_ROLLBACK,
        ACTION_PUBLISH,
        ACTION_PUBLISH,
        ACTION_INITIAL,
    ]


def test_nothing_published_nothing_to_roll_back(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    with pytest.raises(PublishError, match="前のモデルがないため"):
        rollback(store.engine, model_files, "tanaka")


def test_a_run_rolled_back_from_can_be_published_again(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    run = passed_run(store.engine, model_files, b"model A")
    publish_run(store.engine, model_files, run.id, "tanaka")
    rollback(store.engine, model_files, "tanaka")

    publish_run(store.engine, model_files, run.id, "tanaka")

    assert live_model(store.engine, model_files).checksum == sha(b"model A")


def test_instances_are_running_while_they_pull(store: ReviewStore, clock: FakeClock) -> None:
    record_pull(store.engine, "rasa-1", "abc", now=clock())
    record_pull(store.engine, "rasa-2", "abc", now=clock() - INSTANCE_GONE_AFTER / 2)
    record_pull(store.engine, "rasa-old", "abc", now=clock() - 2 * INSTANCE_GONE_AFTER)

    names = [pull.instance for pull in running_instances(store.engine, now=clock())]

    assert names == ["rasa-1", "rasa-2"]


def test_a_pull_with_another_model_is_a_switch(store: ReviewStore, clock: FakeClock) -> None:
    record_pull(store.engine, "rasa-1", "old", now=clock())
    first_switch = running_instances(store.engine, now=clock())[0].switched_at
    clock.advance(seconds=10)
    record_pull(store.engine, "rasa-1", "old", now=clock())
    assert running_instances(store.engine, now=clock())[0].switched_at == first_switch

    clock.advance(seconds=10)
    record_pull(store.engine, "rasa-1", "new", now=clock())

    pull = running_instances(store.engine, now=clock())[0]
    assert (pull.fingerprint, pull.switched_at, pull.seen_at) == ("new", clock(), clock())


def test_waiting_without_instances_returns_at_once(store: ReviewStore, clock: FakeClock) -> None:
    result = wait_until_live(store.engine, "abc", timeout_s=30, poll_s=10, clock=clock)

    assert result["running"] == 0 and result["switched"] == 0
    assert result["seconds"] < 5


def test_waiting_returns_when_every_instance_switched(store: ReviewStore, clock: FakeClock) -> None:
    record_pull(store.engine, "rasa-1", '"abc"', now=clock())
    record_pull(store.engine, "rasa-2", "abc", now=clock())

    result = wait_until_live(store.engine, "abc", timeout_s=30, poll_s=10, clock=clock)

    assert (result["running"], result["switched"]) == (2, 2)
    assert result["seconds"] < 5


def test_waiting_times_out_with_an_instance_on_the_old_model(
    store: ReviewStore, clock: FakeClock
) -> None:
    record_pull(store.engine, "rasa-1", "abc", now=clock())
    record_pull(store.engine, "rasa-2", "old", now=clock())
    record_pull(store.engine, "rasa-gone", "old", now=clock() - 2 * INSTANCE_GONE_AFTER)

    result = wait_until_live(store.engine, "abc", timeout_s=0.05, poll_s=0.01, clock=clock)

    assert (result["running"], result["switched"]) == (2, 1)


def test_the_base_model_checksum_follows_a_new_make_train(
    store: ReviewStore, model_files: ModelFiles
) -> None:
    assert live_model(store.engine, model_files).checksum == sha(BASE_BYTES)
    model_files.base_model.write_bytes(b"retrained base model, longer than before")

    assert live_model(store.engine, model_files).checksum == sha(
        b"retrained base model, longer than before"
    )


def test_instance_state_tells_live_another_model_and_not_loaded_yet() -> None:
    from bot.review.publish.releases import instance_state

    live = "a" * 64
    assert instance_state(f'"{live}"', live) == "live"
    assert instance_state("b" * 64, live) == "previous"
    assert instance_state("ea46605ef3b249f69045ff0f70077b27", live) == "starting"  # uuid4 hex
