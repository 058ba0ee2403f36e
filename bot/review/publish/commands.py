"""`python -m bot.review publish|rollback|models`: the 「学習して反映」 page's
actions from the terminal, for the engineer or for a scheduled job.

    publish [--by NAME] [--no-publish] [--run N]
        train a candidate from the repository's data and staff's changes, gate
        it and (if it passes) publish it; --run N publishes an earlier run that
        passed the gate instead of training.
    rollback [--by NAME]    make the previous model live again
    models                  the live model, the running instances, recent runs and releases
"""

from __future__ import annotations

import argparse
import getpass
from datetime import datetime
from typing import Optional, TextIO

from bot.review.clock import TOKYO, utc_now
from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, model_files_from_env
from bot.review.publish.releases import (
    PublishError,
    instance_state,
    live_model,
    publish_run,
    releases,
    rollback,
    running_instances,
    wait_until_live,
)
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore

COMMANDS = ("publish", "rollback", "models")
INSTANCE_WORDS = {
    "live": "live model",
    "previous": "previous model",
    "starting": "starting (no model loaded yet)",
}


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Adds publish, rollback and models to the review command line."""
    publish = commands.add_parser(
        "publish", help="train, gate and publish a model with staff's changes"
    )
    publish.add_argument("--by", default=None, help="who publishes (default: your login name)")
    publish.add_argument(
        "--no-publish", action="store_true", help="train and gate only; publish later with --run"
    )
    publish.add_argument("--run", type=int, help="publish this earlier run (it passed the gate)")
    back = commands.add_parser("rollback", help="make the previous model live again")
    back.add_argument("--by", default=None, help="who rolls back (default: your login name)")
    commands.add_parser("models", help="the live model, instances, recent runs and releases")


def _when(moment: Optional[datetime]) -> str:
    return moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S") if moment else "-"


def _staff(args: argparse.Namespace) -> str:
    return args.by or f"{getpass.getuser()}（コマンド）"


def _publish(
    store: ReviewStore,
    settings: ReviewSettings,
    files: ModelFiles,
    args: argparse.Namespace,
    out: TextIO,
) -> int:
    from bot.review.publish.job import run_job  # loads Rasa: only for this command

    engine = store.engine
    if args.run:
        release = publish_run(engine, files, args.run, _staff(args))
        print(
            f"published run #{args.run} ({release.checksum[:12]}); waiting for the instances",
            file=out,
        )
        print(_instances_line(wait_until_live(engine, release.checksum)), file=out)
        return 0
    try:
        run = runs.start_run(engine, _staff(args), publish=not args.no_publish)
    except runs.RunAlreadyGoingError as going:
        print(
            f"training run #{going.run.id} is going (started by {going.run.started_by}); "
            "wait for it to end",
            file=out,
        )
        return 1
    print(f"training run #{run.id} started", file=out)
    ended = run_job(
        run.id,
        store=store,
        settings=settings,
        files=files,
        say=lambda text: print(f"  {text}", file=out, flush=True),
    )
    print(
        f"run #{ended.id}: {ended.status} ({runs.STATUS_LABELS[ended.status]}) "
        f"in {ended.elapsed_s(utc_now()):.0f} s",
        file=out,
    )
    for reason in ended.reasons:
        print(f"  - {reason}", file=out)
    if ended.error:
        print(f"  - {ended.error}", file=out)
    instances = ended.report.get("instances")
    if isinstance(instances, dict):
        print(_instances_line(instances), file=out)
    return 0 if ended.status in (runs.STATUS_PUBLISHED, runs.STATUS_PASSED) else 1


def _instances_line(instances: dict) -> str:
    return (
        f"live on {instances['switched']} of {instances['running']} running Rasa instances "
        f"after {instances['seconds']} s"
    )


def _rollback(store: ReviewStore, files: ModelFiles, args: argparse.Namespace, out: TextIO) -> int:
    release = rollback(store.engine, files, _staff(args))
    print(
        f"rolled back to {release.label} ({release.checksum[:12]}); waiting for the instances",
        file=out,
    )
    print(_instances_line(wait_until_live(store.engine, release.checksum)), file=out)
    return 0


def _models(store: ReviewStore, files: ModelFiles, out: TextIO) -> int:
    engine = store.engine
    try:
        live = live_model(engine, files)
    except FileNotFoundError:
        print(f"no model yet: {files.base_model} is missing (run `make train`)", file=out)
        return 1
    print(f"live: {live.label}  {live.file.name}  sha256 {live.checksum[:12]}", file=out)
    for instance in running_instances(engine):
        state = INSTANCE_WORDS[instance_state(instance.fingerprint, live.checksum)]
        print(
            f"  instance {instance.instance}: {state}, last pull {_when(instance.seen_at)}",
            file=out,
        )
    print("\nreleases (newest first):", file=out)
    for release in releases(engine):
        print(
            f"  #{release.id} {_when(release.published_at)} {release.action:<8} "
            f"{release.label} by {release.published_by}  {release.checksum[:12]}",
            file=out,
        )
    print("\ntraining runs (newest first):", file=out)
    for run in runs.recent_runs(engine):
        print(
            f"  #{run.id} {_when(run.started_at)} {run.status:<9} by {run.started_by}"
            f"  {(run.checksum or '')[:12]}",
            file=out,
        )
    return 0


def run_command(
    args: argparse.Namespace,
    store: ReviewStore,
    settings: ReviewSettings,
    out: TextIO,
    err: TextIO,
    files: Optional[ModelFiles] = None,
) -> int:
    """Runs publish, rollback or models; 2 when staff's input cannot be done."""
    files = files or model_files_from_env()
    try:
        if args.command == "publish":
            return _publish(store, settings, files, args, out)
        if args.command == "rollback":
            return _rollback(store, files, args, out)
        return _models(store, files, out)
    except PublishError as error:
        print(f"error: {error}", file=err)
        return 2
