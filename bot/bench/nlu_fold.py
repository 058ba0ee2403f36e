"""DIET against the shipped pipeline on one cross-validation fold, both through Rasa.

Cross-validating DIET on all five folds would take hours on two cores, so
the previous default (config-diet.yml) is compared with config.yml on the
first of `bot.bench.nlu_variants`' folds: both trained NLU-only by `rasa
train nlu` on the same four fifths of the training data, both scored on the
same held-back fifth with their own fallback settings, as the gate scores.
Writes nlu-fold1.json.

    python -m bot.bench.nlu_fold [--only shipped]

`--only` retrains the named configurations and keeps the others' earlier
results (DIET takes about 25 minutes; the shipped pipeline 20 seconds).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot.bench.load import results_dir
from bot.bench.nlu_baseline import model_predictor, train_nlu
from bot.bench.nlu_variants import fold_indices
from bot.devtools.servers import ROOT
from bot.dialogue.intent_roles import routed_intents
from bot.intent.corpus import Example, training_examples
from bot.intent.scoring import score_by_language

logger = logging.getLogger(__name__)

FOLDS = 5
CONFIGS = {"shipped": ROOT / "config.yml", "diet_blend": ROOT / "config-diet.yml"}


def write_nlu(examples: Sequence[Example], path: Path) -> None:
    """Writes examples as one Rasa NLU file (literal blocks: any text is safe)."""
    by_intent: Dict[str, List[str]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(" ".join(example.text.split()))
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(only: Optional[Sequence[str]] = None) -> Dict[str, object]:
    """Trains the configurations on fold 1's training part and scores its test part.

    Args:
        only: the configurations to (re)train; the others' results are kept
            from the earlier nlu-fold1.json. None trains all.
    """
    examples = training_examples()
    train, test = fold_indices(examples, FOLDS)[0]
    routed = routed_intents()
    path = results_dir() / "nlu-fold1.json"
    result: Dict[str, object] = {}
    if only and path.exists():
        result = json.loads(path.read_text(encoding="utf-8"))
    result.update({"train": len(train), "test": len(test)})
    names = [name for name in CONFIGS if not only or name in only]
    with tempfile.TemporaryDirectory(prefix="bench-fold-") as folder:
        nlu = Path(folder) / "fold1-train.yml"
        write_nlu([examples[i] for i in train], nlu)
        for name in names:
            config = CONFIGS[name]
            logger.info("training %s on fold 1 (%d examples)...", name, len(train))
            model, seconds = train_nlu(config, Path(folder), name, nlu=nlu)
            predict = model_predictor(model)
            pairs = [(examples[i], predict(examples[i].text)) for i in test]
            result[name] = {
                "training_s": round(seconds, 1),
                **{
                    language: score.as_dict()
                    for language, score in score_by_language(pairs, routed).items()
                },
            }
            logger.info("%s: %s", name, result[name])
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help=f"comma-separated, of {', '.join(CONFIGS)}")
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = set(chosen) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configurations {sorted(unknown)}")
    run(chosen or None)
    sys.exit(0)
