"""Grouping of captured questions that ask the same thing.

Questions are compared by TF-IDF over character 2–3-grams (within word
boundaries) of their normalised text and cosine similarity; groups are formed
by average-linkage agglomerative clustering, separately per language family
(Japanese and easy Japanese together). Japanese text is first read into
katakana content words with Sudachi (GiNZA's tokenizer), so 駐車場,
ちゅうしゃじょう and チュウシャジョウ share n-grams and particles do not;
English loses its stop words.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from bot.nlp.kana import to_katakana
from bot.nlp.normalize import normalize_text
from bot.nlp.readings import katakana_words
from bot.review.capture.redact import TOKENS
from bot.review.models import Candidate, Cluster, Question

logger = logging.getLogger(__name__)

# Average cosine similarity two groups must reach to merge.
DEFAULT_MIN_SIMILARITY = 0.15
_TOKEN_PATTERN = re.compile("|".join(re.escape(token) for token in TOKENS))
_FAMILIES = {"easy_ja": "ja"}
_WORD = re.compile(r"\w+")


def language_family(language: str) -> str:
    """ja and easy_ja are one family (both are typed in Japanese); others are their own."""
    return _FAMILIES.get(language, language)


def japanese_reading(text: str) -> str:
    """The katakana readings of the content words of normalised `text`, space-separated."""
    return " ".join(katakana_words(text, content_only=True)) or to_katakana(text)


def comparable_text(text: str, language: str = "ja") -> str:
    """The text clustering compares: tokens removed, normalised, per language.

    Args:
        text: a redacted question.
        language: its answer-language code.

    Returns:
        Katakana content words for Japanese, words without stop words for
        English, the normalised text otherwise.
    """
    normalized = normalize_text(_TOKEN_PATTERN.sub(" ", text))
    family = language_family(language)
    if family == "ja":
        return japanese_reading(normalized)
    if family == "en":
        words = [word for word in _WORD.findall(normalized) if word not in ENGLISH_STOP_WORDS]
        return " ".join(words) or normalized
    return normalized


def _groups(texts: Sequence[str], min_similarity: float) -> Tuple[List[int], np.ndarray]:
    """Cluster labels for `texts` and their cosine-similarity matrix."""
    if len(texts) == 1:
        return [0], np.ones((1, 1))
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([text or " " for text in texts])
    except ValueError:  # no n-grams at all (every text a single character)
        return list(range(len(texts))), np.eye(len(texts))
    similarity = (matrix @ matrix.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    model = AgglomerativeClustering(
        n_clusters=None,
        affinity="precomputed",
        linkage="average",
        distance_threshold=1.0 - min_similarity,
    )
    labels = model.fit_predict(distance)
    return [int(label) for label in labels], similarity


def _top_candidates(members: Sequence[Question], limit: int = 5) -> Tuple[Candidate, ...]:
    """The bot's guesses over a group: mean confidence per intent, best first."""
    totals: Dict[str, float] = defaultdict(float)
    for question in members:
        for candidate in question.candidates:
            totals[candidate.intent] += candidate.confidence
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return tuple(Candidate(intent, round(total / len(members), 4)) for intent, total in ranked)


def _cluster(members: List[Question], similarity: np.ndarray, indexes: List[int]) -> Cluster:
    sub = similarity[np.ix_(indexes, indexes)]
    centrality = sub.mean(axis=1)
    best = max(
        range(len(members)),
        key=lambda i: (round(float(centrality[i]), 6), members[i].created_at, members[i].id),
    )
    ordered = sorted(members, key=lambda question: (question.created_at, question.id), reverse=True)
    return Cluster(
        id=f"c{min(question.id for question in members)}",
        representative=members[best],
        question_ids=tuple(question.id for question in ordered),
        count=len(members),
        languages=tuple(sorted({question.language for question in members})),
        top_candidates=_top_candidates(members),
        latest_at=ordered[0].created_at,
    )


def cluster_questions(
    questions: Sequence[Question], *, min_similarity: float = DEFAULT_MIN_SIMILARITY
) -> List[Cluster]:
    """Groups questions that ask the same thing.

    Args:
        questions: captured questions (any order, any languages).
        min_similarity: average cosine similarity needed to join a group.

    Returns:
        The groups, biggest first, then the most recent first; every question
        is in exactly one group (a lone question is a group of one).
    """
    by_family: Dict[str, List[Question]] = defaultdict(list)
    for question in questions:
        by_family[language_family(question.language)].append(question)
    clusters: List[Cluster] = []
    for members in by_family.values():
        texts = [comparable_text(question.text, question.language) for question in members]
        labels, similarity = _groups(texts, min_similarity)
        grouped: Dict[int, List[int]] = defaultdict(list)
        for index, label in enumerate(labels):
            grouped[label].append(index)
        for indexes in grouped.values():
            clusters.append(_cluster([members[i] for i in indexes], similarity, indexes))
    clusters.sort(key=lambda cluster: (-cluster.count, -cluster.latest_at.timestamp(), cluster.id))
    return clusters
