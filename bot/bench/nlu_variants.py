"""Choosing the intent classifier: stratified k-fold cross-validation per language.

Every variant of `VARIANTS` is fitted k times on the training data (all six
languages together, as the bot is trained), each time scored on the fold it
did not see; the held-out files under tests/nlu/heldout/ are never used here.
From the out-of-fold rankings, the fallback threshold and ambiguity margin
are chosen per variant on a grid (`choose_thresholds`): the pair with the
best mean over languages of in-scope accuracy and out-of-scope routed, as
`bot.intent.scoring` counts them. Writes var/bench/nlu-variants.json and
prints the table the README's "NLU design" section shows.

    python -m bot.bench.nlu_variants [--folds 5] [--only name,name]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from sklearn.model_selection import StratifiedKFold

from bot.bench.load import results_dir
from bot.bench.variants import VARIANTS, Variant
from bot.dialogue.intent_roles import routed_intents
from bot.intent.corpus import Example, training_examples
from bot.intent.linear import Ranking
from bot.intent.scoring import predicted_intent, score_by_language
from bot.language.codes import INPUT_LANGUAGES
from bot.nlp.ginza import load_ginza
from bot.nlp.normalize import normalize_text
from bot.nlp.views import TextViews, views_of_doc

logger = logging.getLogger(__name__)

THRESHOLDS = tuple(round(value, 2) for value in np.arange(0.0, 0.71, 0.05))
AMBIGUITIES = (0.0, 0.02, 0.05, 0.1)
# Objectives closer than this are a tie (about a fifth of one in-scope error
# per hundred questions per language): safety decides between them.
TOLERANCE = 0.002
SEED = 42


def views_of_texts(texts: Sequence[str]) -> List[TextViews]:
    """The pipeline's preprocessing: normalise, Sudachi via GiNZA, views."""
    nlp = load_ginza()
    normalized = [normalize_text(text) for text in texts]
    return [views_of_doc(doc) for doc in nlp.pipe(normalized, batch_size=256)]


@dataclass
class CrossValidation:
    """Out-of-fold rankings of one variant and how long fitting took."""

    variant: Variant
    rankings: List[Ranking]
    fit_seconds: List[float]
    features: int


def fold_indices(examples: Sequence[Example], folds: int) -> List[Tuple[np.ndarray, np.ndarray]]:
    """(train, test) index arrays of each fold, stratified by language and intent."""
    strata = [f"{example.language}:{example.intent}" for example in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(strata)), strata))


def cross_validate(
    variant: Variant,
    views: Sequence[TextViews],
    examples: Sequence[Example],
    folds: int,
) -> CrossValidation:
    """Fits `variant` on k-1 folds k times; returns every example's out-of-fold ranking.

    Folds are stratified by language and intent together, so each fold holds
    every language's share of every intent.
    """
    rankings: List[Optional[Ranking]] = [None] * len(examples)
    seconds: List[float] = []
    features = 0
    for train, test in fold_indices(examples, folds):
        model = variant.new_model()
        started = time.perf_counter()
        model.fit([views[i] for i in train], [examples[i].intent for i in train])
        seconds.append(time.perf_counter() - started)
        features = model.feature_count
        for index, ranking in zip(test, model.rankings([views[i] for i in test]), strict=True):
            rankings[index] = ranking
    return CrossValidation(variant, [r for r in rankings if r is not None], seconds, features)


def score_with(
    result: CrossValidation,
    examples: Sequence[Example],
    threshold: float,
    ambiguity: float,
    routed: frozenset,
) -> Dict[str, Dict[str, float]]:
    """Per-language scores of the out-of-fold rankings with one fallback setting."""
    pairs = [
        (example, predicted_intent(ranking, threshold, ambiguity))
        for example, ranking in zip(examples, result.rankings, strict=True)
    ]
    return {
        language: score.as_dict() for language, score in score_by_language(pairs, routed).items()
    }


def objective(scores: Mapping[str, Mapping[str, float]]) -> float:
    """Mean over languages of (in-scope accuracy + out-of-scope routed) / 2."""
    return float(
        np.mean([(s["intent_accuracy"] + s["out_of_scope_routed"]) / 2 for s in scores.values()])
    )


def mean_routed(scores: Mapping[str, Mapping[str, float]]) -> float:
    """Mean over languages of the out-of-scope share routed to the office."""
    return float(np.mean([s["out_of_scope_routed"] for s in scores.values()]))


def choose_thresholds(
    result: CrossValidation, examples: Sequence[Example], routed: frozenset
) -> Tuple[float, float, Dict[str, Dict[str, float]]]:
    """The fallback (threshold, ambiguity) to ship, and its scores.

    Safety first within noise: of the grid's settings whose objective is
    within `TOLERANCE` of the best, the one that routes the most
    out-of-scope questions (an unanswerable question answered with a policy
    fact is worse than an answerable one handed to the office); ties go to
    the lower threshold and margin.
    """
    graded = []
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITIES:
            scores = score_with(result, examples, threshold, ambiguity, routed)
            graded.append((objective(scores), threshold, ambiguity, scores))
    best = max(value for value, *_ in graded)
    near = [item for item in graded if item[0] >= best - TOLERANCE]
    _, threshold, ambiguity, scores = max(
        near, key=lambda item: (round(mean_routed(item[3]), 6), -item[1], -item[2])
    )
    return threshold, ambiguity, scores


def full_fit_seconds(
    variant: Variant, views: Sequence[TextViews], examples: Sequence[Example]
) -> float:
    """Seconds to fit the variant once on all the training data (as `make train` does)."""
    started = time.perf_counter()
    variant.new_model().fit(views, [example.intent for example in examples])
    return time.perf_counter() - started


def run(variants: Sequence[Variant], folds: int) -> Dict[str, Any]:
    """Cross-validates `variants`; returns the report written to nlu-variants.json."""
    examples = training_examples()
    logger.info("%d training examples; preprocessing with GiNZA...", len(examples))
    started = time.perf_counter()
    views = views_of_texts([example.text for example in examples])
    preprocessing = time.perf_counter() - started
    routed = routed_intents()
    rows = []
    for variant in variants:
        logger.info("cross-validating %s (%d folds)...", variant.name, folds)
        result = cross_validate(variant, views, examples, folds)
        threshold, ambiguity, scores = choose_thresholds(result, examples, routed)
        rows.append(
            {
                "name": variant.name,
                "description": variant.description,
                "config": dict(variant.config),
                "threshold": threshold,
                "ambiguity_threshold": ambiguity,
                "objective": round(objective(scores), 4),
                "scores": scores,
                "features": result.features,
                "fold_fit_s": round(float(np.mean(result.fit_seconds)), 2),
                "full_fit_s": round(full_fit_seconds(variant, views, examples), 2),
            }
        )
        logger.info("%s: %s", variant.name, table_row(rows[-1]))
    return {
        "folds": folds,
        "examples": len(examples),
        "examples_per_language": {
            language: sum(example.language == language for example in examples)
            for language in INPUT_LANGUAGES
        },
        "preprocessing_s": round(preprocessing, 1),
        "variants": rows,
    }


def table_row(row: Mapping[str, Any]) -> str:
    """One Markdown table row: in-scope accuracy / routed per language, the
    objective, the chosen fallback settings and the time to fit on all data."""
    cells = [
        f"{row['scores'][language]['intent_accuracy']:.3f} / "
        f"{row['scores'][language]['out_of_scope_routed']:.2f}"
        for language in INPUT_LANGUAGES
    ]
    settings = f"{row['threshold']:.2f} / {row['ambiguity_threshold']:.2f}"
    return (
        f"| {row['description']} | {' | '.join(cells)} | {row['objective']:.3f} | {settings} "
        f"| {row['full_fit_s']:.1f} s |"
    )


def table(report: Mapping[str, Any]) -> str:
    """The Markdown table of a report, best objective first."""
    header = (
        "| variant | "
        + " | ".join(INPUT_LANGUAGES)
        + " | mean | fallback threshold / margin | fit (all data) |\n"
        + "|---" * (len(INPUT_LANGUAGES) + 4)
        + "|\n"
    )
    rows = sorted(report["variants"], key=lambda row: -row["objective"])
    return header + "\n".join(table_row(row) for row in rows) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the cross-validation and prints the table, best objective first."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.nlu_variants", description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated variant names")
    parser.add_argument(
        "--merge", action="store_true", help="keep the other variants' rows of the last report"
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    chosen = {name for name in arguments.only.split(",") if name}
    variants = [v for v in VARIANTS if not chosen or v.name in chosen]
    report = run(variants, arguments.folds)
    path = results_dir() / "nlu-variants.json"
    if arguments.merge and path.exists():
        previous = json.loads(path.read_text(encoding="utf-8"))
        fresh = {row["name"] for row in report["variants"]}
        report["variants"] += [row for row in previous["variants"] if row["name"] not in fresh]
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.stdout.write(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
