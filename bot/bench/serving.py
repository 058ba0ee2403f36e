"""The serving stages: latency, memory and start-up.

- latency: one Rasa instance + one action server, then two + two, each behind
  nginx (so both setups pay the same proxy hop) on PostgreSQL and Redis;
  residents at 1, 10 and 50 at once; writes latency.json.
- memory: resident memory (RSS) per process of the two-instance setup after
  load, with the web server; writes memory.json.
- startup: `make run`'s Procfile (SQLite, one of each process) from launch to
  every health check answering, plus its memory; the scaled setups' start-up
  times are added when they were started; writes startup.json.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional, Set

from bot.bench.load import LoadRun, measure, per_language, results_dir
from bot.devtools.backends import backend_env, recreate_database
from bot.devtools.scaled import ScaledAssistant, ScaledPorts, running_scaled
from bot.devtools.servers import running_assistant

logger = logging.getLogger(__name__)

DATABASE = "aisho_dx_bench"
# (concurrency, residents, questions per resident)
LEVELS = ((1, 6, 10), (10, 10, 20), (50, 50, 6))
WARM_UP = (6, 2, 6)
# The limiter stays in the path (one Redis call per message) but never refuses.
BENCH_ENV = {"RATE_LIMIT_BURST": "100000", "RATE_LIMIT_PER_SECOND": "1000"}
SETUPS = {"one": (ScaledPorts.from_base(16100, 1), 1), "two": (ScaledPorts.from_base(16200, 2), 2)}


def merge_json(path: Path, values: Dict[str, object]) -> None:
    """Updates a results file with `values` (other keys are kept)."""
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current.update(values)
    path.write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")


@contextmanager
def scaled_setup(name: str, model: Path, *, web: bool) -> Iterator[ScaledAssistant]:
    """One of the benchmark setups ("one" or "two"), on a fresh database."""
    ports, _ = SETUPS[name]
    if web:
        ports = ScaledPorts(**{**ports.__dict__, "web": ports.balancer - 80})
    backends = backend_env(
        database=f"{DATABASE}_{name}", redis_prefix=f"bench{uuid.uuid4().hex[:8]}"
    )
    recreate_database(backends)
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
        with running_scaled(
            workdir=Path(folder), ports=ports, model=model, backends=backends, extra_env=BENCH_ENV
        ) as scaled:
            logger.info("setup %s up in %.1f s", name, scaled.started_in_s)
            yield scaled


def _load_levels(scaled: ScaledAssistant) -> Dict[str, object]:
    measure(scaled.url, *WARM_UP)
    runs: Dict[int, LoadRun] = {}
    for concurrency, residents, each in LEVELS:
        runs[concurrency] = measure(scaled.url, concurrency, residents, each)
    return {
        "levels": [run.to_json() for run in runs.values()],
        "per_language": per_language(runs[1]),
    }


def run_serving_stages(stages: Set[str], model: Path, out: Optional[Path] = None) -> None:
    """Runs the requested ones of latency, memory and startup, sharing the setups.

    Args:
        stages: a subset of {"latency", "memory", "startup"}.
        model: the trained model archive.
        out: the results folder (var/bench).
    """
    out = out or results_dir()
    startup: Dict[str, object] = {}
    latency: Dict[str, object] = {}
    if "latency" in stages:
        with scaled_setup("one", model, web=False) as scaled:
            startup["scaled_one_s"] = round(scaled.started_in_s, 1)
            latency["one"] = _load_levels(scaled)
    if stages & {"latency", "memory"}:
        with scaled_setup("two", model, web="memory" in stages) as scaled:
            startup["scaled_two_s"] = round(scaled.started_in_s, 1)
            if "latency" in stages:
                latency["two"] = _load_levels(scaled)
            else:
                measure(scaled.url, 6, 6, 5)  # some load before measuring memory
            if "memory" in stages:
                memory = {name: round(mb, 1) for name, mb in scaled.memory_mb().items()}
                merge_json(out / "memory.json", {"scaled_two": memory})
    if latency:
        (out / "latency.json").write_text(json.dumps(latency, indent=2), encoding="utf-8")
    if "startup" in stages:
        with tempfile.TemporaryDirectory(prefix="bench-single-") as folder:
            with running_assistant(
                model=model,
                workdir=Path(folder),
                rasa_port=16005,
                action_port=16055,
                web_port=16000,
                extra_env=BENCH_ENV,
            ) as assistant:
                startup["single_s"] = round(assistant.started_in_s, 1)
                pids = assistant.process_ids()
                memory = {name: round(_rss_mb(pid), 1) for name, pid in pids.items()}
        merge_json(out / "memory.json", {"single": memory})
    if startup:
        merge_json(out / "startup.json", startup)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
