"""A plain BM25 FAQ search: the NLU baseline without any machine learning.

Every training example is a document; a question gets the intent of the best
matching example. Terms are words (runs of letters and digits, enough for the
languages with spaces) plus character bigrams (Japanese and Chinese, which
have none), after NFKC and lower-casing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Dict, List, Sequence, Tuple

_WORD = re.compile(r"\w+")


def terms(text: str) -> List[str]:
    """Words and the character bigrams of each space-separated chunk of a text."""
    text = unicodedata.normalize("NFKC", text).lower()
    found = [f"w:{word}" for word in _WORD.findall(text)]
    for chunk in text.split():
        found += [f"c:{chunk[i : i + 2]}" for i in range(max(1, len(chunk) - 1))]
    return found


class FaqSearch:
    """BM25 over (text, intent) examples (Robertson's idf, k1 = 1.2, b = 0.75)."""

    def __init__(self, examples: Sequence[Tuple[str, str]], k1: float = 1.2, b: float = 0.75):
        """Indexes the examples.

        Args:
            examples: (text, intent) pairs.
            k1: term-frequency saturation.
            b: length normalisation.
        """
        self.intents = [intent for _, intent in examples]
        documents = [Counter(terms(text)) for text, _ in examples]
        self.lengths = [sum(document.values()) for document in documents]
        average = sum(self.lengths) / max(1, len(self.lengths))
        self.postings: Dict[str, List[Tuple[int, int]]] = defaultdict(list)
        for number, document in enumerate(documents):
            for term, count in document.items():
                self.postings[term].append((number, count))
        total = len(documents)
        self.idf = {
            term: math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
            for term, found in self.postings.items()
        }
        self.norm = [k1 * (1 - b + b * length / average) for length in self.lengths]
        self.k1 = k1

    def predict(self, text: str) -> Tuple[str, float]:
        """The intent of the best-scoring example and its score ("" and 0 if none match)."""
        scores: Dict[int, float] = defaultdict(float)
        for term in set(terms(text)):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for number, count in self.postings[term]:
                scores[number] += idf * count * (self.k1 + 1) / (count + self.norm[number])
        if not scores:
            return "", 0.0
        best = max(scores, key=scores.__getitem__)
        return self.intents[best], scores[best]
