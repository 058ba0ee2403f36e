"""Loading GiNZA for what this bot needs from it: Sudachi's tokens, lemmas and readings.

GiNZA's pipeline adds a transformer-free tok2vec, a dependency parser, NER,
a morphologizer and bunsetu/compound rules on top of the Sudachi tokenizer.
Intent classification reads only the tokenizer's output (surface, dictionary
form, katakana reading), so the other pipes are excluded: a message then
takes about 0.4 ms instead of 7.5 ms, and training data 20 times less.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

GINZA_MODEL = "ja_ginza"


def load_ginza(keep_pipes: Sequence[str] = (), *, model: str = GINZA_MODEL) -> Language:
    """Loads the GiNZA model with only the pipes in `keep_pipes` (none by default).

    One process loads each combination once: Rasa creates the model loader
    twice (the node that provides the model and the node that runs it), and
    both then share one `Language`.

    Args:
        keep_pipes: names of GiNZA pipes to keep, e.g. ("parser",); the Sudachi
            tokenizer (lemmas, readings, part-of-speech tags) is always there.
        model: the installed spaCy package (ja_ginza ships in the lock).

    Returns:
        The spaCy `Language`.

    Raises:
        OSError: the package is not installed (run `make install`).
    """
    return _load(tuple(keep_pipes), model)


@cache
def _load(keep_pipes: Sequence[str], model: str) -> Language:
    import spacy

    available = spacy.util.get_package_path(model)
    meta = spacy.util.get_model_meta(available)
    pipes = list(meta.get("pipeline") or [])
    unknown = [pipe for pipe in keep_pipes if pipe not in pipes]
    if unknown:
        raise ValueError(f"{model} has no pipes {unknown}; it has {pipes}.")
    nlp = spacy.load(model, exclude=[pipe for pipe in pipes if pipe not in keep_pipes])
    logger.info(
        "Loaded %s with pipes %s.", model, nlp.pipe_names or "none (Sudachi tokenizer only)"
    )
    return nlp
