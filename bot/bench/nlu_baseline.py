"""The NLU stage: the held-out questions through several understanders.

- ours: the trained model (config.yml);
- bm25: a plain BM25 FAQ search over the training examples (bot.bench.bm25);
- opt-in, because they train DIET (tens of minutes to hours on two cores):
  - diet_blend: the previous default, config-diet.yml (GiNZA, DIET 1 x 128
    blended with a logistic regression), trained NLU-only on data/nlu;
  - rasa_default: Rasa's own default pipeline, read from the file Rasa ships
    (WhitespaceTokenizer, RegexFeaturizer, LexicalSyntacticFeaturizer,
    CountVectors words and char_wb 1-4, DIETClassifier 100 epochs,
    EntitySynonymMapper, ResponseSelector, FallbackClassifier 0.3 / 0.1),
    trained NLU-only on data/nlu.

Scored as tests/nlu/test_heldout_gate.py scores ours (`bot.intent.scoring`).
Results are merged into nlu.json, so an opt-in baseline measured once stays
in the report; each system records fingerprints of the held-out files and of
the training data, and the date, so a number measured on other questions or
trained on other data can be told apart.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Callable, Dict, Iterable, Optional, Tuple

import yaml

from bot.bench.bm25 import FaqSearch
from bot.bench.load import results_dir
from bot.devtools.servers import ROOT
from bot.dialogue.intent_roles import routed_intents
from bot.intent.corpus import HELDOUT_DIR, heldout_examples, training_examples
from bot.intent.scoring import score_language
from bot.language.codes import INPUT_LANGUAGES

logger = logging.getLogger(__name__)

RASA = ROOT / ".venv" / "bin" / "rasa"
# WhitespaceTokenizer refuses "ja"; the language code is used by nothing else here.
BASELINE_LANGUAGE = "xx"
OPT_IN_BASELINES = ("diet_blend", "rasa_default")


def rasa_default_config() -> Dict[str, object]:
    """Rasa's own default NLU pipeline, read from the file Rasa ships
    (rasa/engine/recipes/config_files/default_config.yml: what an empty
    `pipeline:` is filled with), with only the language changed."""
    import rasa.engine.recipes

    shipped = Path(rasa.engine.recipes.__file__).parent / "config_files" / "default_config.yml"
    config = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    return {
        "recipe": "default.v1",
        "language": BASELINE_LANGUAGE,
        "assistant_id": "aisho-dx-rasa-default",
        "pipeline": config["pipeline"],
        "policies": [],
    }


def files_fingerprint(folder: Path) -> str:
    """A short hash of the YAML files under `folder` (recorded with every score)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def train_nlu(
    config: Path, folder: Path, name: str, nlu: Path = ROOT / "data" / "nlu"
) -> Tuple[Path, float]:
    """Trains an NLU-only model of `config` on `nlu`; returns it and the seconds taken."""
    env = {
        **os.environ,
        "RASA_CACHE_DIRECTORY": str(folder / "cache"),
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    started = time.perf_counter()
    with (folder / f"{name}-train.log").open("w") as log:
        subprocess.run(  # noqa: S603 - fixed command
            [
                str(RASA),
                "train",
                "nlu",
                "--config",
                str(config),
                "--nlu",
                str(nlu),
                "--out",
                str(folder),
                "--fixed-model-name",
                name,
            ],
            cwd=folder,
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return folder / f"{name}.tar.gz", time.perf_counter() - started


def score(predict: Callable[[str], str]) -> Dict[str, Dict[str, float]]:
    """Per language: in-scope intent accuracy and out-of-scope routing."""
    routed = routed_intents()
    return {
        language: score_language(
            ((example, predict(example.text)) for example in heldout_examples(language)), routed
        ).as_dict()
        for language in INPUT_LANGUAGES
    }


def model_predictor(model: Path) -> Callable[[str], str]:
    """parse_message of a trained model (NLU-only or full), as the gate calls it."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: loop.run_until_complete(agent.parse_message(text))["intent"]["name"]


def bm25_predictor() -> Callable[[str], str]:
    """The BM25 FAQ search over data/nlu's examples."""
    search = FaqSearch([(example.text, example.intent) for example in training_examples()])
    return lambda text: search.predict(text)[0]


def _config_file(name: str, folder: Path) -> Path:
    if name == "diet_blend":
        return ROOT / "config-diet.yml"
    path = folder / "config-rasa-default.yml"
    path.write_text(yaml.safe_dump(rasa_default_config(), allow_unicode=True), encoding="utf-8")
    return path


def _entry(scores: Dict[str, Dict[str, float]], **extra: object) -> Dict[str, object]:
    return {
        **scores,
        "heldout": files_fingerprint(HELDOUT_DIR),
        "training_data": files_fingerprint(ROOT / "data" / "nlu"),
        "measured": f"{datetime.now(UTC):%Y-%m-%d}",
        **extra,
    }


def run_nlu_stage(
    model: Path, out: Optional[Path] = None, *, baselines: Iterable[str] = ()
) -> Dict[str, object]:
    """Scores ours, BM25 and the chosen opt-in baselines; merges them into nlu.json.

    Args:
        model: our trained model.
        out: the results folder (var/bench by default).
        baselines: any of `OPT_IN_BASELINES` to train and score as well.

    Returns:
        nlu.json's content after the merge.
    """
    out = out or results_dir()
    path = out / "nlu.json"
    result: Dict[str, object] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    result["bm25"] = _entry(score(bm25_predictor()))
    result["ours"] = _entry(score(model_predictor(model)))
    for name in baselines:
        if name not in OPT_IN_BASELINES:
            raise ValueError(f"unknown baseline {name!r}; choose from {OPT_IN_BASELINES}")
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
            logger.info("training %s (NLU only; DIET takes long on two cores)...", name)
            trained, seconds = train_nlu(_config_file(name, Path(folder)), Path(folder), name)
            result[name] = _entry(score(model_predictor(trained)), training_s=round(seconds, 1))
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    return result
