"""Every answer names its source, and every source is really there."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.sources import (
    SEED_FILE,
    SEED_URL,
    AnswerSource,
    check_sources,
    load_sources,
    normalize,
    response_names,
)
from tests.domain_helpers import ROOT, merged_domain

SEED = SEED_FILE.read_text(encoding="utf-8") if SEED_FILE.is_file() else ""
needs_seed = pytest.mark.skipif(
    not SEED,
    reason=(
        f"no saved text of the town's policy page at {SEED_FILE} (the page: {SEED_URL});"
        " save it there to check the quotes"
    ),
)


@needs_seed
def test_every_quote_is_in_the_seed_and_every_town_key_exists() -> None:
    problems = check_sources(load_sources(), response_names(), SEED, ROOT / "town")
    assert not problems.missing_quotes
    assert not problems.missing_keys
    assert not problems.unsourced


def test_sources_cover_exactly_the_responses() -> None:
    assert set(load_sources()) == set(merged_domain().responses)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (AnswerSource("utter_x", seed=("計画期間は令和6年度から",)), "missing_quotes"),
        (AnswerSource("utter_x", town=("contact.yml:email",)), "missing_keys"),
        (AnswerSource("utter_x", town=("nowhere.yml:phone",)), "missing_keys"),
        (AnswerSource("utter_x"), "unsourced"),
    ],
)
def test_a_drifted_source_is_caught(entry: AnswerSource, problem: str) -> None:
    seed = "計画期間は令和5年度から令和7年度までとします。"
    problems = check_sources({"utter_x": entry}, ["utter_x"], seed, ROOT / "town")
    assert getattr(problems, problem)


def test_whitespace_does_not_matter() -> None:
    assert normalize("第2次愛荘町総合計画(前期基本計画 )」 が令和 4 年度") == normalize(
        "第2次愛荘町総合計画(前期基本計画)」が令和4年度"
    )


def test_an_unsourced_response_is_caught(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("sources: {}\n", encoding="utf-8")
    assert check_sources(load_sources(tmp_path), ["utter_new"], "", ROOT / "town").unsourced
