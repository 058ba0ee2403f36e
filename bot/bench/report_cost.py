"""The per-message cost sections of docs/benchmarks.md: the stage profile and the
vanilla Rasa + GiNZA comparison."""

from __future__ import annotations

from typing import Any, Dict, List


def profile_section(profile: Dict[str, Any]) -> List[str]:
    """Where one message's time goes (bot.bench.profile)."""
    lines = [
        f"One message at a time, {profile['messages']} held-out questions of all six "
        "languages, in-process through Rasa's Agent with `make run`'s stores (SQLite tracker "
        "store, in-memory lock store) and a real action server. The slowest stages first.",
        "",
        "| stage | mean ms | p50 ms | share of the mean |",
        "|---|---|---|---|",
    ]
    for row in profile["stages"]:
        share = "" if row["stage"] == "total" else f"{row['share']:.0%}"
        lines.append(f"| {row['stage']} | {row['mean_ms']:.2f} | {row['p50_ms']:.2f} | {share} |")
    counters = profile.get("review_counters")
    if counters:
        lines += [
            "",
            "Review counters (inside the action server round trip): tallying a message in "
            f"memory takes {counters['tally_ms'] * 1000:.0f} µs; the synchronous SQLite write "
            f"it replaced took {counters['sqlite_write_ms']:.1f} ms per message. The tally is "
            "written by a background thread every 5 seconds.",
        ]
    return [*lines, ""]


def vanilla_section(vanilla: Dict[str, Any]) -> List[str]:
    """This bot against `rasa init` with a GiNZA pipeline, in one run."""
    ours, plain = vanilla["ours"], vanilla["vanilla"]
    return [
        "Both bots running at once on this machine; the same Japanese held-out questions sent "
        "to each over REST, alternately, one resident per bot (a new conversation every 8 "
        "questions), after a warm-up. *Vanilla* is `rasa init`'s moodbot with a GiNZA pipeline "
        "(SpacyNLP ja_ginza, SpacyTokenizer, count vectors of words and char_wb 1–4, DIET 100 "
        "epochs, FallbackClassifier; Rasa's default policies; in-memory tracker store; no "
        "action server). *Ours* runs as `make run` runs it (action server, SQLite tracker "
        "store).",
        "",
        "| bot | messages | p50 ms | p95 ms | Rasa server RSS MB |",
        "|---|---|---|---|---|",
        f"| ours | {ours['messages']} | {ours['p50_ms']:.0f} | {ours['p95_ms']:.0f} | "
        f"{ours['rasa_rss_mb']:.0f} |",
        f"| vanilla Rasa + GiNZA | {plain['messages']} | {plain['p50_ms']:.0f} | "
        f"{plain['p95_ms']:.0f} | {plain['rasa_rss_mb']:.0f} |",
        "",
        f"p50 ours / vanilla: **{vanilla['p50_ratio']:.2f}×**.",
        "",
    ]
