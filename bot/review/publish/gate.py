"""The quality gate a candidate model must pass before it goes live.

1. The held-out files (tests/nlu/heldout/, never trained on): in every
   language the candidate may answer at most one question fewer correctly
   than the live model (an in-scope question with its own topic, an
   out-of-scope question handed to the office).
2. Every example staff gave a topic (assigned questions, added examples, the
   reviewed files) is answered with that topic.

A failed gate gives its reasons in Japanese for the 「学習して反映」 page. The
live model's held-out answers are kept per checksum (evaluations/), so only
the candidate is loaded when the live model was measured before.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.dialogue.intent_roles import routed_intents
from bot.intent.corpus import HELDOUT_DIR, Example, heldout_examples
from bot.language.codes import INPUT_LANGUAGES
from bot.language.labels import japanese_name

# At most this many held-out questions fewer per language.
ALLOWED_DROP = 1
EXAMPLES_IN_REASON = 3

Predict = Callable[[Sequence[str]], List[str]]


@dataclass(frozen=True)
class TaughtExample:
    """A question staff gave a topic, to be answered with it."""

    text: str
    topic: str
    language: str


@dataclass(frozen=True)
class HeldoutAnswers:
    """Which held-out questions one model answered right, per language (file order)."""

    checksum: str
    heldout_digest: str
    right: Mapping[str, Tuple[bool, ...]]

    def correct(self, language: str) -> int:
        """How many questions of `language` were answered right."""
        return sum(self.right.get(language, ()))

    def to_json(self) -> str:
        """The answers as JSON (kept beside the models)."""
        return json.dumps(
            {
                "checksum": self.checksum,
                "heldout_digest": self.heldout_digest,
                "right": {language: list(values) for language, values in self.right.items()},
            }
        )

    @classmethod
    def from_json(cls, text: str) -> HeldoutAnswers:
        """Reads what `to_json` wrote."""
        data = json.loads(text)
        return cls(
            checksum=data["checksum"],
            heldout_digest=data["heldout_digest"],
            right={language: tuple(values) for language, values in data["right"].items()},
        )


@dataclass(frozen=True)
class GateResult:
    """The gate's verdict, its numbers and (when it failed) its reasons in Japanese."""

    passed: bool
    reasons: Tuple[str, ...]
    report: Mapping[str, object] = field(default_factory=dict)


def heldout_digest(folder: Path = HELDOUT_DIR) -> str:
    """A SHA-256 over the held-out files (a stored evaluation is reused only for the same files)."""
    digest = hashlib.sha256()
    for language in INPUT_LANGUAGES:
        digest.update((folder / f"{language}.yml").read_bytes())
    return digest.hexdigest()


def heldout_set(folder: Path = HELDOUT_DIR) -> Dict[str, List[Example]]:
    """The held-out questions per language."""
    return {language: heldout_examples(language, folder) for language in INPUT_LANGUAGES}


def is_right(example: Example, predicted: str, routed: frozenset) -> bool:
    """In scope: its own topic; out of scope: handed to the office."""
    return predicted == example.intent if example.in_scope else predicted in routed


def answer_heldout(
    predict: Predict, checksum: str, questions: Mapping[str, Sequence[Example]], digest: str
) -> HeldoutAnswers:
    """Runs a model over the held-out questions."""
    routed = routed_intents()
    right = {}
    for language, examples in questions.items():
        predicted = predict([example.text for example in examples])
        right[language] = tuple(
            is_right(example, intent, routed)
            for example, intent in zip(examples, predicted, strict=True)
        )
    return HeldoutAnswers(checksum=checksum, heldout_digest=digest, right=right)


def model_predictor(model: Path) -> Predict:
    """The intents a trained model gives texts, as Rasa's server would parse them."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per parsed question
    agent = Agent.load(str(model))

    async def parse_all(texts: Sequence[str]) -> List[str]:
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    return lambda texts: asyncio.run(parse_all(texts))


def _quoted(texts: Sequence[str]) -> str:
    shown = "、".join(f"「{text}」" for text in texts[:EXAMPLES_IN_REASON])
    return shown + ("など" if len(texts) > EXAMPLES_IN_REASON else "")


def compare_heldout(
    live: HeldoutAnswers, candidate: HeldoutAnswers, questions: Mapping[str, Sequence[Example]]
) -> Tuple[List[str], Dict[str, Dict[str, int]]]:
    """The reasons (Japanese) the candidate fails the held-out rule, and the numbers."""
    reasons: List[str] = []
    numbers: Dict[str, Dict[str, int]] = {}
    for language, examples in questions.items():
        before, after = live.correct(language), candidate.correct(language)
        numbers[language] = {"questions": len(examples), "live": before, "candidate": after}
        if after >= before - ALLOWED_DROP:
            continue
        lost = [
            example.text
            for example, was, now in zip(
                examples, live.right[language], candidate.right[language], strict=True
            )
            if was and not now
        ]
        reasons.append(
            f"{japanese_name(language)}：確認用の質問{len(examples)}問のうち、正しく答えられた数が"
            f"{before}問から{after}問に減りました（減ってよいのは{ALLOWED_DROP}問までです）。"
            f"答えられなくなった質問の例：{_quoted(lost)}"
        )
    return reasons, numbers


def check_taught(
    predict: Predict, taught: Sequence[TaughtExample], titles: Mapping[str, str]
) -> Tuple[List[str], Dict[str, int]]:
    """The reasons (Japanese) taught examples are not answered with their topic."""
    predicted = predict([example.text for example in taught]) if taught else []
    routed = routed_intents()
    reasons = []
    for example, intent in zip(taught, predicted, strict=True):
        if intent == example.topic:
            continue
        expected = titles.get(example.topic, "指定された話題")
        if intent in routed:
            answer = "答えられず、問い合わせ先の案内になりました"
        else:
            answer = f"「{titles.get(intent, 'ほかの話題')}」として答えました"
        reasons.append(
            f"職員が教えた質問「{example.text}」（{japanese_name(example.language)}）は"
            f"「{expected}」として答えるはずですが、{answer}。"
        )
    return reasons, {"checked": len(taught), "wrong": len(reasons)}


def run_gate(
    *,
    candidate: HeldoutAnswers,
    live: HeldoutAnswers,
    candidate_predict: Predict,
    taught: Sequence[TaughtExample],
    titles: Mapping[str, str],
    questions: Optional[Mapping[str, Sequence[Example]]] = None,
) -> GateResult:
    """Decides whether the candidate may go live.

    Args:
        candidate: the candidate's held-out answers.
        live: the live model's held-out answers (same held-out files).
        candidate_predict: the candidate's predictor, for the taught examples.
        taught: every example staff gave a topic.
        titles: topic → Japanese title, for the reasons.
        questions: the held-out questions (read from tests/nlu/heldout by default).

    Returns:
        The verdict with its reasons and numbers.
    """
    questions = questions if questions is not None else heldout_set()
    heldout_reasons, numbers = compare_heldout(live, candidate, questions)
    taught_reasons, taught_numbers = check_taught(candidate_predict, taught, titles)
    reasons = tuple(heldout_reasons + taught_reasons)
    return GateResult(
        passed=not reasons,
        reasons=reasons,
        report={"heldout": numbers, "taught": taught_numbers, "allowed_drop": ALLOWED_DROP},
    )
