"""The NLU sections of docs/benchmarks.md: held-out baselines and cross-validation."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.bench.nlu_variants import table as variants_table
from bot.language.codes import INPUT_LANGUAGES

SYSTEMS = (
    ("ours", "ours (config.yml)"),
    ("diet_blend", "DIET blend (config-diet.yml)"),
    ("rasa_default", "Rasa default pipeline"),
    ("bm25", "BM25"),
)

NLU_INTRO = (
    "Held-out questions (`tests/nlu/heldout/`, never trained on), scored as the gate "
    "(`tests/nlu/test_heldout_gate.py`) scores ours: `acc.` = intent accuracy on in-scope "
    "questions (a fallback counts as an error), `routed` = out-of-scope questions handed to "
    "the office. *DIET blend* is the previous default (`config-diet.yml`: GiNZA, DIET 1 × 128 "
    "blended with a logistic regression). *Rasa default pipeline* is the one Rasa ships "
    "(`rasa init`, empty `pipeline:`): WhitespaceTokenizer, RegexFeaturizer, "
    "LexicalSyntacticFeaturizer, CountVectors (words; char_wb 1–4), DIETClassifier "
    "(2 × 256 transformer, 100 epochs), FallbackClassifier 0.3 / 0.1. Both are trained "
    "NLU-only on the same `data/nlu`; they are "
    "opt-in (`python -m bot.bench --stages nlu --nlu-baselines diet_blend,rasa_default`). "
    "*BM25* is a plain FAQ search (words + character bigrams) returning the intent of the "
    "best training example."
)


def nlu_section(nlu: Dict[str, Any]) -> List[str]:
    """The held-out table, one column pair per system measured."""
    present = [(key, title) for key, title in SYSTEMS if key in nlu]
    header = " | ".join(f"{title} acc. | routed" for _, title in present)
    lines = [NLU_INTRO, "", f"| language | {header} |", "|---" * (1 + 2 * len(present)) + "|"]
    for language in INPUT_LANGUAGES:
        cells = []
        for key, _ in present:
            row = nlu[key][language]
            cells += [f"{row['intent_accuracy']:.1%}", f"{row['out_of_scope_routed']:.1%}"]
        lines.append(f"| {language} | {' | '.join(cells)} |")
    lines.append("")
    ours = nlu.get("ours", {})
    for key, title in present:
        entry = nlu[key]
        notes = [f"measured {entry.get('measured', '?')}"]
        if entry.get("training_s") is not None:
            notes.append(f"trained NLU-only in {entry['training_s'] / 60:.0f} min")
        if ours.get("heldout") and entry.get("heldout") != ours["heldout"]:
            notes.append("**on an earlier version of the held-out files**")
        if ours.get("training_data") and entry.get("training_data") != ours["training_data"]:
            notes.append("**trained on an earlier version of the training data**")
        lines.append(f"- {title}: {', '.join(notes)}.")
    missing = [title for key, title in SYSTEMS if key not in nlu]
    if missing:
        lines.append(f"- Not measured yet: {', '.join(missing)}.")
    return [*lines, ""]


def variants_section(report: Optional[Dict[str, Any]]) -> List[str]:
    """The cross-validation table of `python -m bot.bench.nlu_variants`."""
    if not report:
        return ["Not measured yet: `python -m bot.bench --stages variants`.", ""]
    counts = ", ".join(f"{k} {v}" for k, v in report["examples_per_language"].items())
    return [
        f"Stratified {report['folds']}-fold cross-validation on the training data "
        f"({report['examples']} examples: {counts}), never on the held-out files. Each cell: "
        "in-scope accuracy / out-of-scope routed, with the fallback threshold and margin "
        "chosen for that variant on the same folds; `mean` is the mean over languages of "
        "their average, the objective.",
        "",
        variants_table(report),
    ]


def fold_section(fold: Optional[Dict[str, Any]]) -> List[str]:
    """DIET against the shipped pipeline on cross-validation fold 1 (bot.bench.nlu_fold)."""
    if not fold:
        return ["Not measured yet: `python -m bot.bench.nlu_fold` (trains DIET).", ""]
    names = (
        ("shipped", "shipped default (config.yml)"),
        ("diet_blend", "DIET blend (config-diet.yml)"),
    )
    lines = [
        f"Fold 1 of the same 5 folds, both trained NLU-only by `rasa train nlu` on its "
        f"{fold['train']} training examples and scored on its {fold['test']} held-back ones, "
        "each with its own fallback settings (in-scope accuracy / out-of-scope routed):",
        "",
        "| pipeline | " + " | ".join(INPUT_LANGUAGES) + " | `rasa train nlu` |",
        "|---" * (len(INPUT_LANGUAGES) + 2) + "|",
    ]
    for key, title in names:
        if key not in fold:
            continue
        row = fold[key]
        cells = [
            f"{row[language]['intent_accuracy']:.3f} / {row[language]['out_of_scope_routed']:.2f}"
            for language in INPUT_LANGUAGES
        ]
        lines.append(f"| {title} | {' | '.join(cells)} | {row['training_s']:.0f} s |")
    return [*lines, ""]
