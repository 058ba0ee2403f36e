"""The bench report is rebuilt from whatever stage results exist."""

from __future__ import annotations

import json
from pathlib import Path

from bot.bench.load import LoadRun, workload
from bot.bench.report import PLOT_NAME, render
from bot.language.codes import INPUT_LANGUAGES


def level(concurrency: int, p50: float, rate: float) -> dict:
    return {
        "concurrency": concurrency,
        "messages": 60,
        "errors": 0,
        "p50_ms": p50,
        "p95_ms": p50 * 2,
        "p99_ms": p50 * 3,
        "messages_per_s": rate,
    }


def test_missing_stages_say_how_to_measure_them(tmp_path: Path) -> None:
    text = render(tmp_path, tmp_path / "docs" / "benchmarks.md")
    assert "python -m bot.bench --stages training" in text
    assert "Rasa 3.6" in text
    assert not (tmp_path / "docs" / PLOT_NAME).exists()


def test_latency_table_ratio_and_plot(tmp_path: Path) -> None:
    latency = {
        "one": {"levels": [level(1, 200, 4.0), level(10, 900, 6.0)], "per_language": {}},
        "two": {"levels": [level(1, 210, 4.2), level(10, 600, 9.0)], "per_language": {}},
    }
    (tmp_path / "latency.json").write_text(json.dumps(latency))
    report = tmp_path / "docs" / "benchmarks.md"
    text = render(tmp_path, report)
    assert "| two | 10 | 60 | 0 | 600 | 1200 | 1800 | 9.0 |" in text
    assert "| 10 | 1.50 | 0.67 | 0.67 |" in text  # throughput two/one, p50, p95
    assert (report.parent / PLOT_NAME).stat().st_size > 1000


def test_percentiles_use_nearest_rank() -> None:
    run = LoadRun(1, 100, 0, 10.0, [float(ms) for ms in range(1, 101)], ["ja"] * 100)
    assert (run.percentile(0.5), run.percentile(0.95), run.percentile(0.99)) == (50, 95, 99)


def test_workload_covers_every_language_with_distinct_questions() -> None:
    plan = workload(6, 10)
    assert len(plan) == 6 and all(len(questions) == 10 for questions in plan)
    assert {questions[0][0] for questions in plan} == set(INPUT_LANGUAGES)
    assert len({text for _, text in plan[0]}) == 10


def _scores(accuracy: float, routed: float) -> dict:
    return {
        language: {"intent_accuracy": accuracy, "out_of_scope_routed": routed}
        for language in INPUT_LANGUAGES
    }


def test_nlu_table_flags_a_baseline_measured_on_other_questions(tmp_path: Path) -> None:
    nlu = {
        "ours": {
            **_scores(0.97, 0.96),
            "heldout": "new",
            "training_data": "v2",
            "measured": "2026-12-06",
        },
        "diet_blend": {
            **_scores(0.95, 0.93),
            "heldout": "old",
            "training_data": "v1",
            "measured": "2026-11-27",
            "training_s": 2400,
        },
    }
    (tmp_path / "nlu.json").write_text(json.dumps(nlu))
    text = render(tmp_path, tmp_path / "docs" / "benchmarks.md")
    assert "| ja | 97.0% | 96.0% | 95.0% | 93.0% |" in text
    assert "trained NLU-only in 40 min" in text
    assert "on an earlier version of the held-out files" in text
    assert "trained on an earlier version of the training data" in text
    assert "Not measured yet: Rasa default pipeline, BM25" in text


def test_cost_sections_show_stages_and_the_vanilla_ratio(tmp_path: Path) -> None:
    profile = {
        "messages": 100,
        "stages": [
            {"stage": "action server round trip", "mean_ms": 9.5, "p50_ms": 9.0, "share": 0.4},
            {"stage": "total", "mean_ms": 24.0, "p50_ms": 22.0, "share": 1.0},
        ],
        "review_counters": {"tally_ms": 0.004, "sqlite_write_ms": 3.2},
    }
    vanilla = {
        "ours": {"messages": 150, "p50_ms": 30.0, "p95_ms": 41.0, "rasa_rss_mb": 900.0},
        "vanilla": {"messages": 150, "p50_ms": 25.0, "p95_ms": 33.0, "rasa_rss_mb": 1400.0},
        "p50_ratio": 1.2,
    }
    (tmp_path / "profile.json").write_text(json.dumps(profile))
    (tmp_path / "vanilla.json").write_text(json.dumps(vanilla))
    text = render(tmp_path, tmp_path / "docs" / "benchmarks.md")
    assert "| action server round trip | 9.50 | 9.00 | 40% |" in text
    assert "takes 4 µs" in text and "took 3.2 ms" in text
    assert "p50 ours / vanilla: **1.20×**" in text
