"""docs/benchmarks.md and docs/benchmarks-latency.png from var/bench/*.json.

Sections whose stage has no results yet say how to produce them.
"""

from __future__ import annotations

import json
import logging
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Dict, List, Optional

from bot.bench.report_cost import profile_section, vanilla_section
from bot.bench.report_nlu import fold_section, nlu_section, variants_section

logger = logging.getLogger(__name__)

PLOT_NAME = "benchmarks-latency.png"


def machine() -> Dict[str, str]:
    """CPU, memory, Python and Rasa versions of this machine."""
    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": f"{os.cpu_count()} × {cpu}",
        "memory": f"{memory_kb / 1024 / 1024:.1f} GB RAM",
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "os": f"{platform.system()} {platform.release()}",
    }


def _load(folder: Path, stage: str) -> Optional[Dict[str, Any]]:
    path = folder / f"{stage}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _missing(stage: str) -> List[str]:
    return [f"Not measured yet: `python -m bot.bench --stages {stage}`.", ""]


def _latency(latency: Dict[str, Any]) -> List[str]:
    lines = [
        "| setup | residents at once | messages | errors | p50 ms | p95 ms | p99 ms | messages/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for setup in ("one", "two"):
        for level in latency.get(setup, {}).get("levels", []):
            lines.append(
                f"| {setup} | {level['concurrency']} | {level['messages']} | {level['errors']} | "
                f"{level['p50_ms']:.0f} | {level['p95_ms']:.0f} | {level['p99_ms']:.0f} | "
                f"{level['messages_per_s']:.1f} |"
            )
    if "one" in latency and "two" in latency:
        lines += ["", "| residents at once | throughput two/one | p50 two/one | p95 two/one |"]
        lines.append("|---|---|---|---|")
        for one, two in zip(latency["one"]["levels"], latency["two"]["levels"], strict=False):
            lines.append(
                f"| {one['concurrency']} | {two['messages_per_s'] / one['messages_per_s']:.2f} | "
                f"{two['p50_ms'] / one['p50_ms']:.2f} | {two['p95_ms'] / one['p95_ms']:.2f} |"
            )
    by_language = latency.get("one", {}).get("per_language", {})
    if by_language:
        lines += ["", "One resident at a time (setup one), by the question's language:", ""]
        lines += ["| language | messages | p50 ms | p95 ms |", "|---|---|---|---|"]
        for language, row in by_language.items():
            lines.append(
                f"| {language} | {row['messages']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} |"
            )
    return [*lines, ""]


def plot(latency: Dict[str, Any], path: Path) -> None:
    """Latency (p50, p95) against residents at once, one line per setup."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4.2))
    for setup, colour in (("one", "tab:blue"), ("two", "tab:orange")):
        levels = latency.get(setup, {}).get("levels", [])
        if not levels:
            continue
        x = [level["concurrency"] for level in levels]
        label = "1 instance" if setup == "one" else "2 instances"
        axis.plot(x, [lv["p50_ms"] for lv in levels], "o-", color=colour, label=f"{label}, p50")
        axis.plot(x, [lv["p95_ms"] for lv in levels], "s--", color=colour, label=f"{label}, p95")
    axis.set_xscale("log")
    axis.set_xticks([1, 10, 50], labels=["1", "10", "50"])
    axis.set_xlabel("residents chatting at once")
    axis.set_ylabel("reply latency (ms)")
    axis.set_title("REST reply latency behind nginx (PostgreSQL + Redis)")
    axis.grid(True, alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def render(folder: Path, report: Path) -> str:
    """Writes the report (and the plot when latency results exist); returns the text."""
    report.parent.mkdir(parents=True, exist_ok=True)
    facts = machine()
    lines = [
        "# Benchmarks",
        "",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` (`python -m bot.bench`) "
        "from `var/bench/*.json`; each stage can be re-run alone with "
        "`python -m bot.bench --stages <stage>`.",
        "",
        f"Machine: {facts['cpu']}, {facts['memory']}, {facts['os']}; "
        f"Python {facts['python']}, Rasa {facts['rasa']}.",
        "",
        "## Training",
        "",
    ]
    training = _load(folder, "training")
    if training:
        lines += [
            "| training | seconds |",
            "|---|---|",
            f"| from scratch (empty cache, temporary copy) | {training['from_scratch_s']:.0f} |",
            f"| after changing one answer ({training['changed_file']}) | "
            f"{training['after_one_answer_changed_s']:.0f} |",
        ]
        if "after_one_example_added_s" in training:
            lines.append(
                f"| after adding one example ({training['example_file']}) | "
                f"{training['after_one_example_added_s']:.0f} |"
            )
        if training.get("make_train_s"):
            lines.append(
                f"| last `make train` (var/train-time.txt) | {training['make_train_s']:.0f} |"
            )
        lines.append("")
    else:
        lines += _missing("training")
    lines += ["## Start-up and memory", ""]
    startup, memory = _load(folder, "startup"), _load(folder, "memory")
    if startup:
        names = {
            "single_s": "`make run` (Procfile: actions, Rasa, web; SQLite)",
            "scaled_one_s": "nginx + 1 Rasa + 1 action server (PostgreSQL, Redis)",
            "scaled_two_s": "nginx + 2 Rasa + 2 action servers, started together",
        }
        lines += ["| start-up, launch to every health check answering | seconds |", "|---|---|"]
        lines += [
            f"| {names[key]} | {value:.1f} |" for key, value in startup.items() if key in names
        ]
        lines.append("")
    else:
        lines += _missing("startup")
    if memory:
        lines += ["| resident memory (RSS) | setup | MB |", "|---|---|---|"]
        for setup, by_process in memory.items():
            lines += [f"| {name} | {setup} | {mb:.0f} |" for name, mb in by_process.items()]
        lines.append("")
    else:
        lines += _missing("memory")
    lines += [
        "## Reply latency and throughput",
        "",
        "REST channel through nginx, both setups alike: `one` = 1 Rasa instance + 1 action "
        "server, `two` = 2 + 2; tracker store PostgreSQL, lock store and rate-limit buckets "
        "Redis (the limit raised so nothing is refused). Residents are conversations of "
        "held-out questions (`tests/nlu/heldout/`, never trained on), one language each; "
        "latency is measured per message from sending to the complete answer.",
        "",
    ]
    latency = _load(folder, "latency")
    if latency:
        plot(latency, report.parent / PLOT_NAME)
        lines += [f"![latency against concurrency]({PLOT_NAME})", "", *_latency(latency)]
    else:
        lines += _missing("latency")
    lines += ["## Cost of one message", ""]
    profile = _load(folder, "profile")
    lines += profile_section(profile) if profile else _missing("profile")
    lines += ["## Against a vanilla Rasa + GiNZA bot", ""]
    vanilla = _load(folder, "vanilla")
    lines += vanilla_section(vanilla) if vanilla else _missing("vanilla")
    lines += ["## NLU on the held-out questions", ""]
    nlu = _load(folder, "nlu")
    lines += nlu_section(nlu) if nlu else _missing("nlu")
    lines += ["## Choosing the intent classifier (cross-validation)", ""]
    lines += variants_section(_load(folder, "nlu-variants"))
    lines += fold_section(_load(folder, "nlu-fold1"))
    text = "\n".join(lines).rstrip() + "\n"
    report.write_text(text, encoding="utf-8")
    return text
