"""Reusing a fitted intent model when its exact inputs come back.

Rasa's training cache keys the NLU components on the whole NLU training data,
which includes every response text: editing one answer makes Rasa refit the
classifier on unchanged questions. This cache keys the fit on what the fit
actually reads (each example's views and intent, and the settings), so an
answer edit reuses the model and a changed or added question refits it. It
lives beside Rasa's cache (`RASA_CACHE_DIRECTORY`, default .rasa/cache) and
keeps the few most recent fits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from bot.intent.linear import LinearIntentModel
from bot.intent.storage import FORMAT_VERSION, load_model, save_model
from bot.nlp.views import TextViews

logger = logging.getLogger(__name__)

CACHE_ENV = "RASA_CACHE_DIRECTORY"
DEFAULT_CACHE = Path(".rasa") / "cache"
SUBFOLDER = "linear_intent_fits"
KEEP = 3


def cache_folder(env: Mapping[str, str] = os.environ) -> Path:
    """Where fits are kept: a folder inside Rasa's cache directory."""
    return Path(env.get(CACHE_ENV, str(DEFAULT_CACHE))) / SUBFOLDER


def fit_key(
    messages: Sequence[TextViews], intents: Sequence[str], settings: Mapping[str, Any]
) -> str:
    """A hash of everything a fit depends on: views, intents, settings, save format."""
    digest = hashlib.sha256()
    header = {"format": FORMAT_VERSION, "settings": settings}
    digest.update(json.dumps(header, sort_keys=True, default=str).encode("utf-8"))
    for message, intent in zip(messages, intents, strict=True):
        record = (intent, message.surface, message.lemmas, message.reading, message.stems)
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def cached_fit(
    messages: Sequence[TextViews],
    intents: Sequence[str],
    new_model: LinearIntentModel,
    *,
    folder: Optional[Path] = None,
) -> LinearIntentModel:
    """`new_model` fitted on the examples, or the model an identical fit saved before.

    Args:
        messages: the views of the training examples.
        intents: their intents.
        new_model: an unfitted model with the settings to use.
        folder: the cache folder (`cache_folder()` by default).

    Returns:
        A fitted model.
    """
    folder = folder or cache_folder()
    key = fit_key(messages, intents, new_model.settings())
    entry = folder / key
    if entry.is_dir():
        try:
            model = load_model(entry)
        except (OSError, ValueError, KeyError) as error:
            logger.warning("Ignoring an unreadable cached fit (%s).", type(error).__name__)
        else:
            os.utime(entry)
            logger.info("Reused the fit of identical examples and settings (%s).", key[:8])
            return model
    model = new_model.fit(messages, intents)
    try:
        save_model(model, entry)
        _prune(folder)
    except OSError as error:
        logger.warning("Could not cache the fit (%s).", type(error).__name__)
    return model


def _prune(folder: Path) -> None:
    entries = sorted(
        (path for path in folder.iterdir() if path.is_dir()),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for stale in entries[KEEP:]:
        shutil.rmtree(stale, ignore_errors=True)
