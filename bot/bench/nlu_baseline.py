"""The NLU stage: the held-out questions through three understanders.

- ours: the trained model (GiNZA pipeline, config.yml);
- rasa_default: Rasa's default pipeline without GiNZA, trained NLU-only on the
  same data/nlu: WhitespaceTokenizer, RegexFeaturizer,
  LexicalSyntacticFeaturizer, CountVectors (words; char_wb 1-4),
  DIETClassifier with exactly our config.yml's DIET settings (size, epochs,
  seed), FallbackClassifier with our thresholds: only the language
  processing differs;
- bm25: a plain BM25 FAQ search over the training examples (bot.bench.bm25).

Scored as tests/nlu/test_heldout_gate.py scores ours: intent accuracy on the
in-scope questions, and the share of out-of-scope questions routed to the
office (predicted as an intent whose rule runs action_route_to_office, or
nlu_fallback). Writes nlu.json.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

import yaml

from bot.bench.bm25 import FaqSearch
from bot.bench.load import HELDOUT_DIR, LANGUAGES, results_dir
from bot.devtools.servers import ROOT

logger = logging.getLogger(__name__)

RASA = ROOT / ".venv" / "bin" / "rasa"
ROUTING_ACTION = "action_route_to_office"
# WhitespaceTokenizer refuses "ja"; the language code is used by nothing else here.
BASELINE_LANGUAGE = "xx"


def routed_intents() -> Set[str]:
    """Intents whose one-turn rule hands the resident to the office (as the gate)."""
    routed = {"nlu_fallback"}
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            if any(step.get("action") == ROUTING_ACTION for step in rule["steps"]):
                routed |= {step["intent"] for step in rule["steps"] if "intent" in step}
    return routed


def baseline_config(ours: Dict[str, object]) -> Dict[str, object]:
    """Rasa's default pipeline without GiNZA, with our DIET and fallback settings.

    Args:
        ours: config.yml, parsed.

    Returns:
        The baseline config.yml, parsed.
    """
    pipeline = {step["name"]: step for step in ours["pipeline"]}  # type: ignore[index]
    diet = {**pipeline["DIETClassifier"]}
    fallback = next(s for n, s in pipeline.items() if n.endswith("FallbackClassifier"))
    return {
        "recipe": "default.v1",
        "language": BASELINE_LANGUAGE,
        "assistant_id": "aisho-dx-baseline",
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "RegexFeaturizer"},
            {"name": "LexicalSyntacticFeaturizer"},
            {"name": "CountVectorsFeaturizer"},
            {
                "name": "CountVectorsFeaturizer",
                "analyzer": "char_wb",
                "min_ngram": 1,
                "max_ngram": 4,
            },
            diet,
            {
                "name": "FallbackClassifier",
                "threshold": fallback["threshold"],
                "ambiguity_threshold": fallback["ambiguity_threshold"],
            },
        ],
        "policies": [],
    }


def train_baseline(folder: Path) -> Tuple[Path, float]:
    """Trains the baseline NLU-only; returns the model and the seconds it took."""
    ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config = folder / "config-baseline.yml"
    config.write_text(yaml.safe_dump(baseline_config(ours), allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(folder / "cache"), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed command
        [
            str(RASA),
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(ROOT / "data" / "nlu"),
            "--out",
            str(folder),
            "--fixed-model-name",
            "baseline",
        ],
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return folder / "baseline.tar.gz", time.perf_counter() - started


def heldout(language: str) -> List[Tuple[str, str]]:
    """(text, intent) pairs of one language's held-out file."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(HELDOUT_DIR / f"{language}.yml")).intent_examples
    return [(example.get("text"), example.get("intent")) for example in examples]


def score(predict: Callable[[str], str], routed: Set[str]) -> Dict[str, Dict[str, float]]:
    """Per language: in-scope intent accuracy and out-of-scope routing."""
    table = {}
    for language in LANGUAGES:
        pairs = [(expected, predict(text)) for text, expected in heldout(language)]
        in_scope = [(e, p) for e, p in pairs if e != "out_of_scope"]
        out = [(e, p) for e, p in pairs if e == "out_of_scope"]
        table[language] = {
            "in_scope": len(in_scope),
            "intent_accuracy": round(sum(e == p for e, p in in_scope) / len(in_scope), 4),
            "out_of_scope": len(out),
            "out_of_scope_routed": round(sum(p in routed for _, p in out) / max(1, len(out)), 4),
        }
    return table


def model_predictor(model: Path) -> Callable[[str], str]:
    """parse_message of a trained model (NLU-only or full), as the gate calls it."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: loop.run_until_complete(agent.parse_message(text))["intent"]["name"]


def bm25_predictor() -> Callable[[str], str]:
    """The BM25 FAQ search over data/nlu's examples."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(ROOT / "data" / "nlu")).intent_examples
    search = FaqSearch([(e.get("text"), e.get("intent")) for e in examples])
    return lambda text: search.predict(text)[0]


def run_nlu_stage(
    model: Path, out: Optional[Path] = None, *, with_baseline: bool = True
) -> Dict[str, object]:
    """Scores ours, the default pipeline and BM25; writes and returns nlu.json's content.

    Args:
        model: our trained model.
        out: the results folder (var/bench by default).
        with_baseline: False skips training Rasa's default pipeline (the slow part).

    Returns:
        The scores per system and language.
    """
    out = out or results_dir()
    routed = routed_intents()
    result: Dict[str, object] = {"bm25": score(bm25_predictor(), routed)}
    result["ours"] = score(model_predictor(model), routed)
    if with_baseline:
        with tempfile.TemporaryDirectory(prefix="bench-nlu-") as folder:
            logger.info("training Rasa's default pipeline without GiNZA (NLU only)...")
            baseline, seconds = train_baseline(Path(folder))
            result["rasa_default"] = score(model_predictor(baseline), routed)
        ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
        result["rasa_default_training_s"] = round(seconds, 1)
        result["rasa_default_pipeline"] = baseline_config(ours)["pipeline"]
    (out / "nlu.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    return result
