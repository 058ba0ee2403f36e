"""TF-IDF features over the views of a message (see `bot.nlp.views`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import scipy.sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlp.views import LEMMA_SEPARATOR, TextViews


def split_lemmas(text: str) -> List[str]:
    """Splits `TextViews.lemma_text` back into lemmas (module-level: picklable)."""
    return text.split(LEMMA_SEPARATOR)


@dataclass(frozen=True)
class FeatureSettings:
    """Which views are vectorised and how.

    An n-gram range of None leaves that view out; `korean_stems` adds Korean
    words without their particles to the lemma view. Each view is TF-IDF
    weighted with sublinear term frequency and L2-normalised on its own, then
    scaled by its weight, so no view drowns the others by sheer size.
    """

    surface_ngrams: Optional[Tuple[int, int]] = (1, 4)
    surface_analyzer: str = "char_wb"
    lemma_ngrams: Optional[Tuple[int, int]] = (1, 2)
    reading_ngrams: Optional[Tuple[int, int]] = (1, 3)
    surface_weight: float = 1.0
    lemma_weight: float = 1.0
    reading_weight: float = 1.0
    min_df: int = 1
    sublinear_tf: bool = True
    korean_stems: bool = True

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FeatureSettings:
        """Reads the settings from a component config (lists become tuples)."""
        values: Dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name in config:
                value = config[name]
                values[name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)

    def views(self) -> List[Tuple[str, Tuple[int, int], float]]:
        """(view name, n-gram range, weight) of every view that is used."""
        chosen = [
            ("surface", self.surface_ngrams, self.surface_weight),
            ("lemmas", self.lemma_ngrams, self.lemma_weight),
            ("reading", self.reading_ngrams, self.reading_weight),
        ]
        return [(name, ngrams, weight) for name, ngrams, weight in chosen if ngrams]


class ViewVectorizer:
    """Fits one TF-IDF vectorizer per view and stacks their outputs."""

    def __init__(
        self,
        settings: FeatureSettings,
        vocabularies: Optional[Mapping[str, Mapping[str, int]]] = None,
    ) -> None:
        """Creates a vectorizer for `settings`, unfitted unless `vocabularies` are given.

        Args:
            settings: the views and their n-grams.
            vocabularies: view -> n-gram -> column, from a saved model; its IDF
                weights are then set with `restore_idf`.
        """
        self.settings = settings
        vocabularies = vocabularies or {}
        self._vectorizers: Dict[str, TfidfVectorizer] = {
            name: self._new_vectorizer(name, ngrams, vocabularies.get(name))
            for name, ngrams, _ in settings.views()
        }
        self._weights = {name: weight for name, _, weight in settings.views()}

    def _new_vectorizer(
        self, view: str, ngrams: Tuple[int, int], vocabulary: Optional[Mapping[str, int]]
    ) -> TfidfVectorizer:
        common: Dict[str, Any] = {
            "ngram_range": ngrams,
            "lowercase": False,
            "min_df": self.settings.min_df,
            "sublinear_tf": self.settings.sublinear_tf,
            "dtype": np.float32,
            "vocabulary": dict(vocabulary) if vocabulary is not None else None,
        }
        if view == "lemmas":
            return TfidfVectorizer(
                analyzer="word", tokenizer=split_lemmas, token_pattern=None, **common
            )
        analyzer = self.settings.surface_analyzer if view == "surface" else "char"
        return TfidfVectorizer(analyzer=analyzer, **common)

    def _texts(self, view: str, messages: Sequence[TextViews]) -> List[str]:
        if view == "lemmas":
            stems = self.settings.korean_stems
            return [message.lemma_text(with_stems=stems) for message in messages]
        return [getattr(message, view) for message in messages]

    def fit_transform(self, messages: Sequence[TextViews]) -> scipy.sparse.csr_matrix:
        """Learns the vocabularies and IDF weights; returns the training matrix."""
        blocks = [
            vectorizer.fit_transform(self._texts(view, messages)) * self._weights[view]
            for view, vectorizer in self._vectorizers.items()
        ]
        return scipy.sparse.hstack(blocks, format="csr")

    def transform(self, messages: Sequence[TextViews]) -> scipy.sparse.csr_matrix:
        """The feature matrix of `messages` (one row each)."""
        blocks = [
            vectorizer.transform(self._texts(view, messages)) * self._weights[view]
            for view, vectorizer in self._vectorizers.items()
        ]
        return scipy.sparse.hstack(blocks, format="csr")

    def vocabularies(self) -> Dict[str, Dict[str, int]]:
        """View -> n-gram -> column of the fitted vectorizers (JSON-able)."""
        return {
            view: {ngram: int(column) for ngram, column in vectorizer.vocabulary_.items()}
            for view, vectorizer in self._vectorizers.items()
        }

    def idf(self) -> Dict[str, np.ndarray]:
        """View -> the IDF weight of each column."""
        return {view: vectorizer.idf_ for view, vectorizer in self._vectorizers.items()}

    def restore_idf(self, idf: Mapping[str, np.ndarray]) -> None:
        """Sets the IDF weights of a vectorizer created with saved vocabularies."""
        for view, vectorizer in self._vectorizers.items():
            vectorizer.idf_ = idf[view]

    @property
    def size(self) -> int:
        """Number of features (after fitting)."""
        return sum(
            len(getattr(vectorizer, "vocabulary_", None) or vectorizer.vocabulary or {})
            for vectorizer in self._vectorizers.values()
        )
