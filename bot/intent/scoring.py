"""How the NLU is judged: in-scope accuracy and out-of-scope routing per language.

An in-scope question counts as right only when its own intent is predicted
(a fallback or "もしかして…" is an error). An out-of-scope question counts as
routed when the predicted intent is one whose one-turn rule runs
`action_route_to_office` (out_of_scope, request_human, deny, ...) or
`nlu_fallback`: the resident is handed to the office and no topic is answered
(`bot.dialogue.intent_roles.routed_intents`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Sequence, Tuple

from bot.dialogue.intent_roles import FALLBACK_INTENT
from bot.intent.corpus import Example


def falls_back(ranking: Sequence[Tuple[str, float]], threshold: float, ambiguity: float) -> bool:
    """Whether Rasa's FallbackClassifier would predict nlu_fallback for `ranking`.

    Same rule as `FallbackClassifier._should_fallback`: the best confidence
    below `threshold`, or the two best closer than `ambiguity`.
    """
    if not ranking:
        return True
    if ranking[0][1] < threshold:
        return True
    return len(ranking) >= 2 and ranking[0][1] - ranking[1][1] < ambiguity


def predicted_intent(
    ranking: Sequence[Tuple[str, float]], threshold: float, ambiguity: float
) -> str:
    """The intent the pipeline ends with: the best one, or nlu_fallback."""
    return FALLBACK_INTENT if falls_back(ranking, threshold, ambiguity) else ranking[0][0]


@dataclass(frozen=True)
class LanguageScore:
    """The scores of one language."""

    in_scope: int
    correct: int
    out_of_scope: int
    routed: int

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions given their own intent."""
        return self.correct / self.in_scope if self.in_scope else 1.0

    @property
    def routed_share(self) -> float:
        """Share of out-of-scope questions handed to the office."""
        return self.routed / self.out_of_scope if self.out_of_scope else 1.0

    def as_dict(self) -> Dict[str, float]:
        """The counts and both shares, rounded for a report."""
        return {
            "in_scope": self.in_scope,
            "intent_accuracy": round(self.accuracy, 4),
            "out_of_scope": self.out_of_scope,
            "out_of_scope_routed": round(self.routed_share, 4),
        }


def score_language(pairs: Iterable[Tuple[Example, str]], routed: FrozenSet[str]) -> LanguageScore:
    """Scores (example, predicted intent) pairs of one language."""
    in_scope = correct = out_of_scope = handed = 0
    for example, predicted in pairs:
        if example.in_scope:
            in_scope += 1
            correct += predicted == example.intent
        else:
            out_of_scope += 1
            handed += predicted in routed
    return LanguageScore(in_scope, correct, out_of_scope, handed)


def score_by_language(
    pairs: Iterable[Tuple[Example, str]], routed: FrozenSet[str]
) -> Dict[str, LanguageScore]:
    """Scores (example, predicted intent) pairs, one score per language."""
    grouped: Dict[str, List[Tuple[Example, str]]] = {}
    for example, predicted in pairs:
        grouped.setdefault(example.language, []).append((example, predicted))
    return {language: score_language(found, routed) for language, found in grouped.items()}
