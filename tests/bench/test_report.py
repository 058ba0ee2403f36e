"""The bench report is rebuilt from whatever stage results exist."""

from __future__ import annotations

import json
from pathlib import Path

from bot.bench.load import LoadRun, workload
from bot.bench.report import PLOT_NAME, render


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
    assert {questions[0][0] for questions in plan} == {"ja", "en", "pt", "vi", "zh", "ko"}
    assert len({text for _, text in plan[0]}) == 10
