"""Saving a trained `LinearIntentModel` as JSON and numpy arrays (no pickle).

A folder holds `intent_model.json` (settings, intents, n-gram vocabularies)
and `intent_model.npz` (IDF weights, coefficients, intercepts), loaded with
`allow_pickle=False`: a model file cannot run code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import numpy as np

from bot.intent.features import FeatureSettings, ViewVectorizer
from bot.intent.linear import ClassifierSettings, LinearIntentModel, LinearLayer

META_FILE = "intent_model.json"
ARRAYS_FILE = "intent_model.npz"
FORMAT_VERSION = 1


def save_model(model: LinearIntentModel, folder: Path) -> None:
    """Writes a fitted model of a shippable kind into `folder`.

    Raises:
        ValueError: the model is unfitted or of a kind tried in cross-validation only.
    """
    layer = model.layer
    if layer is None:
        raise ValueError(
            f"A {model.classifier.kind!r} model cannot be saved; "
            "use logistic_regression, logistic_regression_multinomial or linear_svm."
        )
    meta: Dict[str, Any] = {
        "format": FORMAT_VERSION,
        **model.settings(),
        "intents": layer.intents,
        "link": layer.link,
        "temperature": layer.temperature,
        "vocabularies": model.vectorizer.vocabularies(),
    }
    arrays = {f"idf_{view}": idf for view, idf in model.vectorizer.idf().items()}
    arrays.update({"coef": layer.coef, "intercept": layer.intercept})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    # Uncompressed: Rasa gzips the whole model archive anyway.
    np.savez(folder / ARRAYS_FILE, **arrays)


def load_model(folder: Path) -> LinearIntentModel:
    """Reads a model written by `save_model`."""
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"{folder / META_FILE} has format {meta.get('format')}; retrain.")
    features = FeatureSettings.from_config(meta["features"])
    model = LinearIntentModel(features, ClassifierSettings.from_config(meta["classifier"]))
    model.vectorizer = ViewVectorizer(features, vocabularies=meta["vocabularies"])
    with np.load(folder / ARRAYS_FILE, allow_pickle=False) as arrays:
        model.vectorizer.restore_idf({view: arrays[f"idf_{view}"] for view in meta["vocabularies"]})
        model.layer = LinearLayer(
            intents=list(meta["intents"]),
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            link=meta["link"],
            temperature=float(meta["temperature"]),
        )
    return model
