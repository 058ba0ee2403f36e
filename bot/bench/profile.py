"""The `profile` stage: where the time of one message goes, stage by stage.

The trained model runs in this process as `rasa run` runs it (Rasa's Agent
with `make run`'s tracker store on SQLite and a real action server started
from the Procfile), and each resident message is timed in parts:

- every graph node (each NLU component, each policy, Rasa's own nodes);
- the action server round trips (`RemoteAction.run`: HTTP, the action, its
  review-store work);
- the tracker store's reads and writes;
- the rest of Rasa's message handling (lock store, events, NLG).

The review counters run inside the action server, so they are timed apart:
one tally (`count_resident_message`, what the slot validation does now)
against one synchronous SQLite write (what it did before). Instrumentation
wraps Rasa's methods in this process only. Writes profile.json.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

from bot.bench.load import LANGUAGES, heldout_questions, results_dir
from bot.devtools.servers import start_procfile, stop_process_group, wait_until_up

logger = logging.getLogger(__name__)

ACTION_PORT = 16555
QUESTIONS_PER_LANGUAGE = 25
WARM_UP = 12
MESSAGES_PER_RESIDENT = 8


class StageTimer:
    """Collects elapsed milliseconds per stage for the message being handled."""

    def __init__(self) -> None:
        """Starts empty."""
        self.current: Dict[str, float] = defaultdict(float)
        self.messages: List[Dict[str, float]] = []

    def add(self, stage: str, milliseconds: float) -> None:
        """Adds time to a stage of the current message."""
        self.current[stage] += milliseconds

    def finish(self, total_ms: float) -> None:
        """Closes the current message: its untimed rest is `other Rasa handling`."""
        timed = sum(self.current.values())
        self.current["other Rasa handling (lock, events, NLG)"] += max(0.0, total_ms - timed)
        self.current["total"] = total_ms
        self.messages.append(dict(self.current))
        self.current = defaultdict(float)

    def table(self) -> List[Dict[str, object]]:
        """Per stage: mean and median ms over the messages, and share of the mean total."""
        stages = {stage for message in self.messages for stage in message}
        mean_total = statistics.mean(message["total"] for message in self.messages)
        rows = []
        for stage in stages:
            values = [message.get(stage, 0.0) for message in self.messages]
            mean = statistics.mean(values)
            rows.append(
                {
                    "stage": stage,
                    "mean_ms": round(mean, 2),
                    "p50_ms": round(statistics.median(values), 2),
                    "share": round(mean / mean_total, 3) if stage != "total" else 1.0,
                }
            )
        return sorted(rows, key=lambda row: (row["stage"] == "total", -row["mean_ms"]))


def _node_stage(node_name: str, nlu_components: List[str]) -> str:
    """A readable stage name for a graph node ("run_GinzaNLP2" -> "NLU: GinzaNLP")."""
    for component in nlu_components:
        if component in node_name:
            return f"NLU: {component}"
    if "Policy" in node_name:
        return f"dialogue: {node_name.split('_', 1)[-1].rstrip('0123456789')}"
    return "Rasa graph: other nodes"


def _timed_async(method: Callable[..., Any], timer: StageTimer, stage: str) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await method(*args, **kwargs)
        finally:
            timer.add(stage, (time.perf_counter() - started) * 1000)

    return wrapper


@contextmanager
def instrumented(timer: StageTimer, nlu_components: List[str]) -> Iterator[None]:
    """Wraps Rasa's graph nodes and remote actions to feed `timer` (this process only)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.graph import GraphNode

    original_call = GraphNode.__call__
    original_run = RemoteAction.run

    def timed_call(node: GraphNode, *inputs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_call(node, *inputs)
        finally:
            stage = _node_stage(node._node_name, nlu_components)
            timer.add(stage, (time.perf_counter() - started) * 1000)

    async def timed_run(action: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original_run(action, *args, **kwargs)
        finally:
            timer.add("action server round trip", (time.perf_counter() - started) * 1000)

    GraphNode.__call__ = timed_call  # type: ignore[method-assign]
    RemoteAction.run = timed_run  # type: ignore[method-assign]
    try:
        yield
    finally:
        GraphNode.__call__ = original_call  # type: ignore[method-assign]
        RemoteAction.run = original_run  # type: ignore[method-assign]


def _endpoints(folder: Path) -> Path:
    path = folder / "endpoints.yml"
    path.write_text(
        f'action_endpoint:\n  url: "http://localhost:{ACTION_PORT}/webhook"\n'
        "tracker_store:\n  type: bot.stores.tracker_store.EnvTrackerStore\n"
        "lock_store:\n  type: bot.stores.lock_store.EnvLockStore\n",
        encoding="utf-8",
    )
    return path


def _pipeline_components() -> List[str]:
    import yaml

    from bot.devtools.servers import ROOT

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return [step["name"].rsplit(".", 1)[-1] for step in config["pipeline"]]


def questions() -> List[str]:
    """Held-out questions of every language, interleaved."""
    pools = [heldout_questions(language)[:QUESTIONS_PER_LANGUAGE] for language in LANGUAGES]
    return [pool[i] for i in range(QUESTIONS_PER_LANGUAGE) for pool in pools if i < len(pool)]


async def _profile_messages(model: Path, endpoints: Path, texts: List[str]) -> StageTimer:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import UserMessage
    from rasa.core.utils import AvailableEndpoints

    agent = await load_agent(
        model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(str(endpoints))
    )
    timer = StageTimer()
    store = agent.tracker_store
    for name in ("retrieve", "retrieve_full_tracker"):
        setattr(store, name, _timed_async(getattr(store, name), timer, "tracker store: read"))
    store.save = _timed_async(store.save, timer, "tracker store: write")
    sender = ""
    with instrumented(timer, _pipeline_components()):
        for number, text in enumerate(texts):
            if number % MESSAGES_PER_RESIDENT == 0:
                sender = f"profile-{uuid.uuid4().hex[:10]}"
            started = time.perf_counter()
            await agent.handle_message(UserMessage(text, sender_id=sender, input_channel="rest"))
            if number < WARM_UP:
                timer.current.clear()
                continue
            timer.finish((time.perf_counter() - started) * 1000)
    return timer


def time_review_counters(folder: Path, repeat: int = 500) -> Dict[str, float]:
    """ms per message: the in-memory tally now, one synchronous SQLite write before."""
    from bot.review.capture.counter import MessageCounter
    from bot.review.settings import load_review_settings
    from bot.review.storage.store import ReviewStore

    store = ReviewStore.open(load_review_settings())
    counter = MessageCounter(lambda: store, interval_s=3600)
    started = time.perf_counter()
    for _ in range(repeat):
        counter.record(channel="rest", language="ja", intent="ask_contact", routed=False)
    tally_ms = (time.perf_counter() - started) * 1000 / repeat
    counter.stop()
    started = time.perf_counter()
    for _ in range(repeat // 10):
        store.count_message(channel="rest", language="ja", intent="ask_contact", routed=False)
    write_ms = (time.perf_counter() - started) * 1000 / (repeat // 10)
    store.close()
    return {"tally_ms": round(tally_ms, 4), "sqlite_write_ms": round(write_ms, 2)}


def run_profile_stage(model: Path, out: Optional[Path] = None) -> Dict[str, object]:
    """Profiles messages stage by stage; writes and returns profile.json's content."""
    out = out or results_dir()
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        workdir = Path(folder)
        env = {
            "TRACKER_DB_DIALECT": "sqlite",
            "TRACKER_DB_NAME": str(workdir / "tracker.db"),
            "REVIEW_DB_DIALECT": "sqlite",
            "REVIEW_DB_NAME": str(workdir / "review.db"),
            "REVIEW_HASH_KEY": "bench-only-key",
        }
        saved = {name: os.environ.get(name) for name in env}
        os.environ.update(env)
        log = workdir / "actions.log"
        actions = start_procfile(["actions"], {**os.environ, "ACTION_PORT": str(ACTION_PORT)}, log)
        try:
            wait_until_up([f"http://localhost:{ACTION_PORT}/health"], actions, log)
            texts = questions()
            timer = asyncio.run(_profile_messages(model, _endpoints(workdir), texts))
            counters = time_review_counters(workdir)
        finally:
            stop_process_group(actions)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    result: Dict[str, object] = {
        "messages": len(timer.messages),
        "stages": timer.table(),
        "review_counters": counters,
    }
    (out / "profile.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    return result
