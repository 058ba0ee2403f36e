"""The `vanilla` stage: this bot against a plain Rasa + GiNZA bot, in one run.

The baseline is what `rasa init` creates (the moodbot: its data, domain and
Rasa's default policies) with a GiNZA pipeline a Japanese Rasa bot would
start from: SpacyNLP(ja_ginza), SpacyTokenizer, count vectors (words and
char_wb 1-4), DIETClassifier (100 epochs), FallbackClassifier; no custom
actions, the in-memory tracker store. Ours runs as `make run` runs it (action
server, SQLite tracker store, review counters).

Both servers run at once; the same Japanese held-out questions are sent to
each over REST, alternately (which one goes first alternates too), one
resident per bot, after a warm-up. Writes vanilla.json: p50/p95 per bot,
their ratio and each Rasa process's resident memory.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests
import yaml

from bot.bench.load import LoadRun, heldout_questions, results_dir
from bot.devtools.servers import ROOT, running_assistant, stop_process_group, wait_until_up

logger = logging.getLogger(__name__)

RASA = ROOT / ".venv" / "bin" / "rasa"
WARM_UP = 10
QUESTIONS = 150
# A new conversation every few questions, as residents have them.
MESSAGES_PER_RESIDENT = 8
PORTS = {"ours": 16305, "ours_actions": 16355, "vanilla": 16405}
# The rate limiter stays in our path but never refuses during the run.
BENCH_ENV = {"RATE_LIMIT_BURST": "100000", "RATE_LIMIT_PER_SECOND": "1000"}

VANILLA_CONFIG: Dict[str, object] = {
    "recipe": "default.v1",
    "language": "ja",
    "assistant_id": "vanilla-ginza",
    "pipeline": [
        {"name": "SpacyNLP", "model": "ja_ginza"},
        {"name": "SpacyTokenizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"name": "DIETClassifier", "epochs": 100, "random_seed": 42},
        {"name": "FallbackClassifier", "threshold": 0.3},
    ],
    # None: Rasa's default policies, as `rasa init` leaves them.
    "policies": None,
}


def vanilla_environment() -> Dict[str, str]:
    """A clean environment for the baseline (no project code, no store variables)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {
        **{name: os.environ[name] for name in keep if name in os.environ},
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }


def train_vanilla(folder: Path) -> Path:
    """Creates the `rasa init` project in `folder` with the GiNZA config and trains it."""
    from rasa.cli.scaffold import create_initial_project

    create_initial_project(str(folder))
    (folder / "config.yml").write_text(
        yaml.safe_dump(VANILLA_CONFIG, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    with (folder / "train.log").open("w") as log:
        subprocess.run(  # noqa: S603 - fixed command
            [str(RASA), "train", "--fixed-model-name", "vanilla", "--out", "models"],
            cwd=folder,
            env=vanilla_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    return folder / "models" / "vanilla.tar.gz"


@contextmanager
def running_vanilla(folder: Path, model: Path, port: int) -> Iterator[int]:
    """Runs the baseline's Rasa server; yields its process id."""
    log = folder / "server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            [str(RASA), "run", "--model", str(model), "--port", str(port)],
            cwd=folder,
            env=vanilla_environment(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up([f"http://localhost:{port}/webhooks/rest/"], process, log)
        yield process.pid
    finally:
        stop_process_group(process)


def _ask(session: requests.Session, base: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    response = session.post(
        f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def compare(bases: Dict[str, str], questions: List[str]) -> Dict[str, List[float]]:
    """Sends each question to every bot in turn (alternating who goes first).

    Each bot has one resident at a time, who starts a new conversation every
    `MESSAGES_PER_RESIDENT` questions.
    """
    latencies: Dict[str, List[float]] = {name: [] for name in bases}
    names = list(bases)
    senders: Dict[str, str] = {}
    with requests.Session() as session:
        for number, text in enumerate(questions[:WARM_UP] + questions[:QUESTIONS]):
            if number % MESSAGES_PER_RESIDENT == 0:
                senders = {name: f"bench-{uuid.uuid4().hex[:12]}" for name in names}
            order = names if number % 2 == 0 else list(reversed(names))
            for name in order:
                milliseconds = _ask(session, bases[name], senders[name], text)
                if number >= WARM_UP:
                    latencies[name].append(milliseconds)
    return latencies


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _summary(latencies: List[float]) -> Dict[str, float]:
    run = LoadRun(1, len(latencies), 0, 1.0, latencies, [])
    return {
        "messages": len(latencies),
        "p50_ms": round(run.percentile(0.5), 1),
        "p95_ms": round(run.percentile(0.95), 1),
    }


def run_vanilla_stage(model: Path, out: Optional[Path] = None) -> Dict[str, object]:
    """Trains the baseline, runs both bots, compares; writes and returns vanilla.json."""
    out = out or results_dir()
    questions = heldout_questions("ja")
    with tempfile.TemporaryDirectory(prefix="bench-vanilla-") as folder:
        workdir = Path(folder)
        started = time.perf_counter()
        vanilla_model = train_vanilla(workdir / "vanilla")
        training_s = time.perf_counter() - started
        logger.info("vanilla bot trained in %.0f s", training_s)
        (workdir / "ours").mkdir()
        with (
            running_assistant(
                model=model,
                workdir=workdir / "ours",
                rasa_port=PORTS["ours"],
                action_port=PORTS["ours_actions"],
                extra_env=BENCH_ENV,
            ) as ours,
            running_vanilla(workdir / "vanilla", vanilla_model, PORTS["vanilla"]) as pid,
        ):
            latencies = compare(
                {"ours": ours.rasa_url, "vanilla": f"http://localhost:{PORTS['vanilla']}"},
                questions,
            )
            memory = {"ours": rss_mb(ours.process_ids()["rasa"]), "vanilla": rss_mb(pid)}
    result: Dict[str, object] = {
        name: {**_summary(values), "rasa_rss_mb": round(memory[name], 1)}
        for name, values in latencies.items()
    }
    ours_p50 = result["ours"]["p50_ms"]  # type: ignore[index]
    vanilla_p50 = result["vanilla"]["p50_ms"]  # type: ignore[index]
    result["p50_ratio"] = round(ours_p50 / vanilla_p50, 2)
    result["vanilla_training_s"] = round(training_s, 1)
    result["vanilla_config"] = VANILLA_CONFIG
    (out / "vanilla.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    logger.info("ours vs vanilla: %s", result)
    return result
