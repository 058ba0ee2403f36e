"""Old runs' files are removed, never a model a release points at."""

from __future__ import annotations

from bot.review.publish.cleanup import prune_runs
from bot.review.publish.files import ModelFiles
from bot.review.publish.releases import live_model, publish_run
from bot.review.storage.store import ReviewStore
from tests.review.publish.conftest import passed_run


def test_only_the_newest_runs_and_every_released_model_are_kept(
    sqlite_store: ReviewStore, model_files: ModelFiles
) -> None:
    engine = sqlite_store.engine
    made = [passed_run(engine, model_files, f"model {n}".encode()) for n in range(5)]
    for run in made:
        (model_files.workspaces / f"run{run.id}" / "data").mkdir(parents=True)
    publish_run(engine, model_files, made[0].id, "tanaka")  # the oldest is live

    deleted = prune_runs(engine, model_files, keep=2)

    kept = sorted(path.name for path in model_files.candidates.glob("*.tar.gz"))
    assert kept == sorted(model_files.candidate(run.id).name for run in (made[0], made[3], made[4]))
    assert model_files.candidate(made[1].id).name in deleted
    assert sorted(p.name for p in model_files.workspaces.iterdir()) == sorted(
        f"run{run.id}" for run in made[3:]
    )
    assert live_model(engine, model_files).file.is_file()
