"""Training runs: one at a time (across connections and servers), interrupted runs
closed, a progress bar that only moves forward."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import List

import pytest

from bot.review.publish import runs
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def test_a_second_start_while_one_is_going_names_the_going_run(store: ReviewStore) -> None:
    first = runs.start_run(store.engine, "tanaka", now=T0)

    with pytest.raises(runs.RunAlreadyGoingError) as raised:
        runs.start_run(store.engine, "suzuki", now=T0 + timedelta(seconds=5))

    assert raised.value.run.id == first.id
    assert raised.value.run.started_by == "tanaka"
    assert [run.id for run in runs.recent_runs(store.engine)] == [first.id]


def test_one_at_a_time_holds_across_two_servers_on_one_database(
    store: ReviewStore, settings: ReviewSettings
) -> None:
    """A second server has its own engine: only the database can refuse its start."""
    other = ReviewStore.open(settings)
    try:
        first = runs.start_run(store.engine, "tanaka", now=T0)
        with pytest.raises(runs.RunAlreadyGoingError) as raised:
            runs.start_run(other.engine, "suzuki", now=T0 + timedelta(seconds=1))
        assert raised.value.run.id == first.id
    finally:
        other.close()


def test_finish_frees_the_slot(store: ReviewStore) -> None:
    first = runs.start_run(store.engine, "tanaka", now=T0)
    runs.finish(store.engine, first.id, runs.STATUS_REFUSED, now=T0 + timedelta(minutes=2))

    second = runs.start_run(store.engine, "suzuki", now=T0 + timedelta(minutes=3))

    assert second.id != first.id and second.going
    ended = runs.get_run(store.engine, first.id)
    assert ended is not None and not ended.going and ended.status == runs.STATUS_REFUSED
    assert runs.going_run(store.engine) == second


def test_a_run_without_heartbeat_is_closed_as_interrupted_by_the_next_start(
    store: ReviewStore,
) -> None:
    stopped = runs.start_run(store.engine, "tanaka", now=T0)
    runs.heartbeat(store.engine, stopped.id, now=T0 + timedelta(seconds=30))
    last_beat = T0 + timedelta(seconds=30)

    with pytest.raises(runs.RunAlreadyGoingError):  # still within STALE_AFTER
        runs.start_run(store.engine, "suzuki", now=last_beat + runs.STALE_AFTER / 2)
    second = runs.start_run(
        store.engine, "suzuki", now=last_beat + runs.STALE_AFTER + timedelta(seconds=1)
    )

    closed = runs.get_run(store.engine, stopped.id)
    assert closed is not None
    assert (closed.status, closed.error, closed.going) == (
        runs.STATUS_FAILED,
        runs.INTERRUPTED,
        False,
    )
    assert "もう一度実行してください" in runs.INTERRUPTED
    assert second.going and second.started_by == "suzuki"


def _points(run: runs.TrainingRun, expected: dict) -> List[float]:
    """The progress at moments through every stage, as the page would poll it."""
    values = []
    moment = run.started_at
    for stage in runs.STAGES:
        at_stage = replace(run, stage=stage, stage_started_at=moment)
        for seconds in (0, 1, expected[stage] / 2, expected[stage], 10 * expected[stage]):
            values.append(runs.progress(at_stage, expected, moment + timedelta(seconds=seconds)))
        moment += timedelta(seconds=expected[stage] * 3)  # this stage took longer than expected
    return values


@pytest.mark.parametrize("publish", [True, False])
def test_progress_only_moves_forward_and_stays_below_one_while_going(
    store: ReviewStore, publish: bool
) -> None:
    run = runs.start_run(store.engine, "tanaka", publish=publish, now=T0)
    expected = dict(runs.DEFAULT_STAGE_SECONDS)
    stages = runs.STAGES if publish else runs.STAGES[:-1]

    values = _points(replace(run, publish=publish), expected)[: 5 * len(stages)]

    assert values == sorted(values)
    assert 0 <= values[0] < 0.05
    assert all(value < 1 for value in values)
    assert values[-1] > 0.9


def test_progress_is_one_when_the_run_has_ended(store: ReviewStore) -> None:
    run = runs.start_run(store.engine, "tanaka", now=T0)
    runs.finish(store.engine, run.id, runs.STATUS_FAILED, now=T0 + timedelta(seconds=4))
    ended = runs.get_run(store.engine, run.id)
    assert ended is not None

    assert runs.progress(ended, runs.DEFAULT_STAGE_SECONDS, T0 + timedelta(seconds=5)) == 1.0


def test_expected_stage_seconds_come_from_the_newest_run_that_measured_them(
    store: ReviewStore,
) -> None:
    for started, seconds in (
        (T0, {"prepare": 9, "train": 300, "gate": 120, "publish": 15}),
        (T0 + timedelta(hours=1), {"prepare": 4, "train": 200, "gate": 100}),  # refused
    ):
        run = runs.start_run(store.engine, "tanaka", now=started)
        runs.record(store.engine, run.id, report={"stage_seconds": seconds})
        runs.finish(store.engine, run.id, runs.STATUS_PUBLISHED, now=started)

    expected = runs.expected_stage_seconds(runs.recent_runs(store.engine))

    assert expected == {"prepare": 4, "train": 200, "gate": 100, "publish": 15}


def test_expected_stage_seconds_without_measured_runs_are_the_defaults() -> None:
    assert runs.expected_stage_seconds([]) == dict(runs.DEFAULT_STAGE_SECONDS)
