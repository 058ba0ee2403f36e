"""「学習して反映」 (/staff/publish): what changed since the live model, the train
button, the run's progress, the gate's verdict, the live model and rollback.

Training runs in its own process (bot.review.publish.job); this page only
starts it and reads its row. The page's script asks /staff/publish/runs/<id>
every two seconds while a run is going; without scripts the page has a link
that shows the newest state.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional

from aiohttp import web

from bot.review.clock import TOKYO, utc_now
from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, model_files_from_env
from bot.review.publish.job import spawn
from bot.review.publish.releases import (
    NO_MODEL_YET,
    InstancePull,
    LiveModel,
    PublishError,
    Release,
    instance_state,
    live_model,
    releases,
    rollback,
    running_instances,
)
from bot.review.teach.change_words import describe_change
from bot.review.teach.labels import topic_titles
from bot.review.teach.pending import pending_changes
from bot.web.staff.keys import MODEL_FILES, REVIEW_STORE
from bot.web.staff.render import render

logger = logging.getLogger(__name__)

POLL_MS = 2000
CHANGE_LOG_SHOWN = 30
RELEASE_ACTIONS = {"initial": "最初のモデル", "publish": "反映", "rollback": "元に戻す"}
NOTICES = {
    "started": "学習を始めました。終わると自動で反映されます（数分かかります）。",
    "rolled_back": (
        "ひとつ前のモデルに戻しました。1分ほどで、すべてのチャットボットが切り替わります。"
    ),
}


def japanese_duration(seconds: float) -> str:
    """12秒, 1分32秒, 1時間2分."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}秒"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}分{rest}秒" if rest else f"{minutes}分"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}時間{minutes}分"


def run_status(run: runs.TrainingRun, expected: Dict[str, float], now: datetime) -> Dict[str, Any]:
    """A run as the page's script reads it (also used to render the page)."""
    instances = run.report.get("instances")
    return {
        "id": run.id,
        "going": run.going,
        "status": run.status,
        "status_label": runs.STATUS_LABELS.get(run.status, run.status),
        "stage": run.stage,
        "stage_label": runs.STAGE_LABELS.get(run.stage, run.stage),
        "progress": round(100 * runs.progress(run, expected, now)),
        "elapsed": japanese_duration(run.elapsed_s(now)),
        "reasons": list(run.reasons),
        "error": run.error or "",
        "instances": instances if isinstance(instances, dict) else None,
    }


@dataclass(frozen=True)
class InstanceView:
    """One running Rasa instance as the page shows it."""

    name: str
    state: str  # live, previous or starting (releases.instance_state)
    seen_at: datetime


def _instances(pulls: List[InstancePull], live: LiveModel) -> List[InstanceView]:
    return [
        InstanceView(
            name=f"{index}台目",
            state=instance_state(pull.fingerprint, live.checksum),
            seen_at=pull.seen_at,
        )
        for index, pull in enumerate(pulls, start=1)
    ]


def stage_state(current: str, stage: str) -> str:
    """ "done", "current" or "" for one stage of the list while a run goes."""
    if current == stage:
        return "current"
    order = list(runs.STAGES)
    if current in order and stage in order and order.index(stage) < order.index(current):
        return "done"
    return ""


def _page_state(store: Any, files: ModelFiles, run_id: Optional[int]) -> Dict[str, Any]:
    """Everything the page shows, read in one worker thread."""
    engine = store.engine
    now = utc_now()
    titles = topic_titles()
    runs.close_interrupted(engine, now=now)  # a job stopped with its server shows as such
    try:
        live: Optional[LiveModel] = live_model(engine, files)
    except FileNotFoundError:  # nothing published and no model trained yet
        live = None
    recent = runs.recent_runs(engine, limit=10)
    expected = runs.expected_stage_seconds(recent)
    shown = next((run for run in recent if run.id == run_id), None) if run_id else None
    shown = shown or (recent[0] if recent else None)
    history = releases(engine, limit=10)
    previous: Optional[Release] = None
    release = live.release if live else None
    if release and release.previous_id:
        previous = next((r for r in history if r.id == release.previous_id), None)
    return {
        "live": live,
        "no_model_yet": NO_MODEL_YET,
        "instances": _instances(running_instances(engine, now=now), live) if live else [],
        "previous": previous,
        "can_roll_back": bool(release and release.previous_id),
        "changes": pending_changes(store, live.trained_at if live else None),
        "run": run_status(shown, expected, now) if shown else None,
        "run_report": shown.report if shown else {},
        "runs": recent,
        "change_log": [
            (entry.at, entry.staff, describe_change(entry, titles))
            for entry in store.change_log(limit=CHANGE_LOG_SHOWN)
        ],
        "releases": history,
        "going": next((run for run in recent if run.going), None),
        "duration": japanese_duration,
        "now": now,
        "run_labels": runs.STATUS_LABELS,
        "release_actions": RELEASE_ACTIONS,
    }


async def _render_page(
    request: web.Request,
    *,
    run_id: Optional[int] = None,
    notice: str = "",
    error: str = "",
    status: int = 200,
) -> web.Response:
    state = await asyncio.to_thread(
        _page_state, request.app[REVIEW_STORE], request.app[MODEL_FILES], run_id
    )
    return render(
        request,
        "publish.html",
        {
            "current": "publish",
            "notice": notice,
            "error": error,
            "poll_ms": POLL_MS,
            "stages": [(stage, runs.STAGE_LABELS[stage]) for stage in runs.STAGES],
            "stage_state": stage_state,
            "languages_order": list(state["run_report"].get("heldout", {}).keys()),
            **state,
        },
        status=status,
    )


async def publish_page(request: web.Request) -> web.Response:
    """GET /staff/publish (?run=N shows that run; ?done= a notice after an action)."""
    try:
        run_id: Optional[int] = int(request.query.get("run", ""))
    except ValueError:
        run_id = None
    return await _render_page(
        request, run_id=run_id, notice=NOTICES.get(request.query.get("done", ""), "")
    )


async def _error_page(request: web.Request, message: str, status: int) -> web.Response:
    return await _render_page(request, error=message, status=status)


def _staff_name(request: web.Request) -> str:
    return request["staff_session"].username


async def start_training(request: web.Request) -> web.StreamResponse:
    """POST /staff/publish/train: starts a run (or says one is going)."""
    store, files = request.app[REVIEW_STORE], request.app[MODEL_FILES]
    staff = _staff_name(request)
    try:
        run = await asyncio.to_thread(runs.start_run, store.engine, staff)
    except runs.RunAlreadyGoingError as going:
        started = going.run.started_at
        message = (
            f"学習 #{going.run.id} を実行中です（{going.run.started_by} さんが"
            f"{_tokyo_time(started)}に開始）。終わるまでお待ちください。"
        )
        return await _error_page(request, message, 409)
    try:
        await asyncio.to_thread(spawn, run.id, files)
    except OSError:
        logger.exception("cannot start the training job of run %d", run.id)
        await asyncio.to_thread(
            runs.finish,
            store.engine,
            run.id,
            runs.STATUS_FAILED,
            error="学習を開始できませんでした。システム担当者に連絡してください。",
        )
    await asyncio.to_thread(
        store.log_change, staff, "train", f"学習 #{run.id}", "学習して反映を開始"
    )
    raise web.HTTPSeeOther(f"/staff/publish?run={run.id}&done=started")


def _tokyo_time(moment: datetime) -> str:
    return moment.astimezone(TOKYO).strftime("%H:%M")


async def roll_back(request: web.Request) -> web.StreamResponse:
    """POST /staff/publish/rollback: makes the previous model live again."""
    store, files = request.app[REVIEW_STORE], request.app[MODEL_FILES]
    staff = _staff_name(request)
    try:
        release = await asyncio.to_thread(rollback, store.engine, files, staff)
    except PublishError as error:
        return await _error_page(request, str(error), 409)
    await asyncio.to_thread(
        store.log_change, staff, "rollback", release.label, "ひとつ前のモデルに戻しました"
    )
    raise web.HTTPSeeOther("/staff/publish?done=rolled_back")


async def run_json(request: web.Request) -> web.Response:
    """GET /staff/publish/runs/<id>: a run's progress for the page's script."""
    engine = request.app[REVIEW_STORE].engine
    run_id = int(request.match_info["run_id"])

    def read() -> Optional[Dict[str, Any]]:
        run = runs.get_run(engine, run_id)
        if run is None:
            return None
        expected = runs.expected_stage_seconds(runs.recent_runs(engine, limit=10))
        return run_status(run, expected, utc_now())

    status = await asyncio.to_thread(read)
    if status is None:
        raise web.HTTPNotFound(text="no such run")
    return web.json_response(status, headers={"Cache-Control": "no-store"})


def add_routes(app: web.Application) -> None:
    """Adds the page, its two actions and the progress address."""
    if MODEL_FILES not in app:
        app[MODEL_FILES] = model_files_from_env()
    app.router.add_get("/staff/publish", publish_page)
    app.router.add_post("/staff/publish/train", start_training)
    app.router.add_post("/staff/publish/rollback", roll_back)
    app.router.add_get(r"/staff/publish/runs/{run_id:\d+}", run_json)
