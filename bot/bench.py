"""`make bench`: training time, start-up time, reply latency and memory.

Runs the real servers (honcho + Procfile) on private ports, sends the held-out
questions over the REST channel, and writes a Markdown report. A benchmark,
not a test: nothing here asserts a time.

Usage: python -m bot.bench --model models/aisho-dx.tar.gz --report docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Dict, List, Sequence

import yaml

from bot.devtools.servers import ROOT, RunningAssistant, running_assistant

HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
LANGUAGES = ("ja", "en", "pt", "vi", "zh", "ko")


@dataclass(frozen=True)
class LatencyRun:
    concurrency: int
    messages: int
    seconds: float
    latencies_ms: List[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def heldout_questions(language: str) -> List[str]:
    """The held-out questions of one language (never trained on), in file order."""
    data = yaml.safe_load((HELDOUT_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return [
        line.strip()[2:].strip()
        for item in data["nlu"]
        for line in item["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def _send(base: str, text: str) -> float:
    body = json.dumps({"sender": uuid.uuid4().hex, "message": text}).encode()
    request = urllib.request.Request(  # noqa: S310 - localhost only
        f"{base}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
    return (time.perf_counter() - started) * 1000


def measure_latency(base: str, questions: Sequence[str], concurrency: int) -> LatencyRun:
    """Sends every question once with `concurrency` parallel residents."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(lambda text: _send(base, text), questions))
    return LatencyRun(concurrency, len(questions), time.perf_counter() - started, latencies)


def resident_memory_mb(pid: int) -> float:
    """VmRSS of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def train_from_scratch(workdir: Path) -> float:
    """Trains a model with an empty cache; returns the wall-clock seconds."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(workdir / "cache")}
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed command
        [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--out", str(workdir), "--quiet"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def machine_description() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def render_report(
    *,
    training_s: float | None,
    assistant: RunningAssistant,
    runs: List[LatencyRun],
    by_language: Dict[str, LatencyRun],
    memory: Dict[str, float],
) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` on: "
        f"{machine_description()}.",
        "",
        "Questions: the held-out files `tests/nlu/heldout/<language>.yml` of all six "
        "input languages (never trained on), each sent once over the REST channel by a "
        "new resident.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| training from scratch (empty cache) | "
        f"{'skipped' if training_s is None else f'{training_s:.0f} s'} |",
        f"| server start-up (honcho to both servers answering) | {assistant.started_in_s:.1f} s |",
        f"| resident memory, Rasa server | {memory['rasa']:.0f} MB |",
        f"| resident memory, action server | {memory['actions']:.0f} MB |",
        "",
        "| concurrent residents | messages | p50 ms | p95 ms | p99 ms | messages/s |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.concurrency} | {run.messages} | {statistics.median(run.latencies_ms):.0f} | "
            f"{run.percentile(0.95):.0f} | {run.percentile(0.99):.0f} | "
            f"{run.messages / run.seconds:.1f} |"
        )
    lines += [
        "",
        "One resident at a time, by the question's language:",
        "",
        "| language | messages | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    for language, run in by_language.items():
        lines.append(
            f"| {language} | {run.messages} | {statistics.median(run.latencies_ms):.0f} | "
            f"{run.percentile(0.95):.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--skip-training", action="store_true")
    arguments = parser.parse_args()

    questions_by_language = {language: heldout_questions(language) for language in LANGUAGES}
    questions = [text for texts in questions_by_language.values() for text in texts]
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        training_s = None if arguments.skip_training else train_from_scratch(workdir)
        with running_assistant(
            model=arguments.model.resolve(), workdir=workdir, rasa_port=16005, action_port=16055
        ) as assistant:
            measure_latency(assistant.rasa_url, questions[:20], 1)  # warm-up
            runs = [measure_latency(assistant.rasa_url, questions, n) for n in (1, 10)]
            by_language = {
                language: measure_latency(assistant.rasa_url, texts, 1)
                for language, texts in questions_by_language.items()
            }
            pids = assistant.process_ids()
            memory = {name: resident_memory_mb(pid) for name, pid in pids.items()}
            report = render_report(
                training_s=training_s,
                assistant=assistant,
                runs=runs,
                by_language=by_language,
                memory=memory,
            )
    arguments.report.parent.mkdir(parents=True, exist_ok=True)
    arguments.report.write_text(report, encoding="utf-8")
    print(report)  # noqa: T201 - the command's output is the report


if __name__ == "__main__":
    main()
