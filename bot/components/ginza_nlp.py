"""Rasa's SpacyNLP for GiNZA, loading only the pipes the pipeline reads."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.model import InvalidModelError
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.fingerprint import HelperFingerprint
from bot.nlp.ginza import GINZA_MODEL, load_ginza

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="GinzaNLP",
)
class GinzaNLP(HelperFingerprint, SpacyNLP):
    """Loads GiNZA once and adds its `Doc` to every message, like SpacyNLP.

    Rasa's SpacyNLP loads every GiNZA pipe but the parser; this pipeline reads
    only what Sudachi's tokenizer gives (tokens, lemmas, readings), so by
    default no pipe is loaded (`keep_pipes: []`): about 0.4 ms a message
    instead of 7.5 ms, and 1/20 of the time over the training data. Being a
    SpacyNLP, it satisfies SpacyTokenizer and SpacyFeaturizer; list the pipes
    a component needs in `keep_pipes` (e.g. `[tok2vec, ner]` for
    SpacyEntityExtractor).
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """GiNZA, case-sensitive (Japanese has no case; Latin is lower-cased by the
        normaliser already), no pipes beyond the tokenizer."""
        return {"model": GINZA_MODEL, "case_sensitive": True, "keep_pipes": []}

    @staticmethod
    def required_packages() -> List[Text]:
        """spaCy, and GiNZA's model package."""
        return ["spacy", "ginza"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GinzaNLP:
        """Loads GiNZA with the configured pipes (see parent class for docstring)."""
        config = {**cls.get_default_config(), **config}
        keep = list(config["keep_pipes"])
        try:
            nlp = load_ginza(keep, model=config["model"])
        except (OSError, ValueError) as error:
            raise InvalidModelError(
                f"Could not load the spaCy package {config['model']!r} with pipes {keep}: "
                f"{error}. It ships with the locked dependencies: run `make install`."
            ) from error
        name = f"{config['model']}[{','.join(keep) or 'tokenizer'}]"
        return cls(SpacyModel(model=nlp, model_name=name), config)

    def process_training_data(self, training_data: TrainingData, model: SpacyModel) -> TrainingData:
        """Adds GiNZA docs to the training examples (see SpacyNLP), logging how many."""
        logger.info(
            "GiNZA: parsing %d training examples with %s.",
            len(training_data.training_examples),
            model.model_name,
        )
        return super().process_training_data(training_data, model)
