"""Checks of an example question staff add to a topic.

The text is cleaned as the export cleans questions (one line, no invisible
characters, no entity markup) and redacted as captured questions are, so no
phone number, e-mail address or マイナンバー reaches the training data. A
held-out test question is refused: the bot must never be trained on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Mapping, Set, Tuple

from bot.review.capture.redact import TOKENS, redact
from bot.review.export import (
    example_key,
    example_text,
    file_language,
    has_words_left,
    keys_in,
    read_nlu_examples,
    yaml_files,
)
from bot.review.models import Question, TaughtExample
from bot.review.settings import ReviewSettings

logger = logging.getLogger(__name__)

MAX_EXAMPLE_CHARS = 200
HELD_OUT = (
    "この文は、ボットの正確さを確かめる試験用の質問と同じため、例文には追加できません"
    "（試験の問題を覚えさせると、正確さを正しく測れなくなるためです）。言い方を少し変えてください。"
)
ALREADY_HERE = "この例文は、すでにこの話題にあります。"
REDACTED = (
    "電話番号・メールアドレスなどの個人情報と思われる部分を、「[PHONE]」などの記号に"
    "置き換えました。内容を確かめてください。"
)


@dataclass(frozen=True)
class ExampleCheck:
    """A cleaned, redacted example with what refuses it and what to look at."""

    text: str
    language: str
    errors: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()
    notes: Tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the example may be added."""
        return not self.errors


@lru_cache(maxsize=8)
def _keys_of(files: Tuple[Tuple[Path, int], ...]) -> FrozenSet[str]:
    return frozenset(keys_in(path for path, _ in files))


def _stamped(paths: Iterable[Path]) -> Tuple[Tuple[Path, int], ...]:
    return tuple((path, path.stat().st_mtime_ns) for path in paths if path.is_file())


def heldout_keys(settings: ReviewSettings) -> FrozenSet[str]:
    """The keys of every held-out test question (read again when a file changes)."""
    return _keys_of(_stamped(yaml_files(settings.heldout_dir)))


@lru_cache(maxsize=8)
def _owners_of(files: Tuple[Tuple[Path, int], ...]) -> Mapping[str, FrozenSet[str]]:
    owners: Dict[str, Set[str]] = {}
    for path, _ in files:
        for intent, texts in read_nlu_examples(path).items():
            for text in texts:
                owners.setdefault(example_key(text), set()).add(intent)
    return {key: frozenset(topics) for key, topics in owners.items()}


def example_owners(
    settings: ReviewSettings,
    questions: Iterable[Question],
    examples: Iterable[TaughtExample],
) -> Dict[str, Set[str]]:
    """Example key → the topics it is an example of: the training data (with the
    reviewed files), the assigned questions and the taught examples."""
    owners = {
        key: set(topics)
        for key, topics in _owners_of(_stamped(yaml_files(settings.nlu_dir))).items()
    }
    for path in yaml_files(settings.export_dir):
        if settings.nlu_dir.resolve() not in path.resolve().parents:
            for intent, texts in read_nlu_examples(path).items():
                for text in texts:
                    owners.setdefault(example_key(text), set()).add(intent)
    for question in questions:
        if question.topic:
            owners.setdefault(example_key(example_text(question.text)), set()).add(question.topic)
    for example in examples:
        owners.setdefault(example_key(example.text), set()).add(example.topic)
    return owners


def check_example(
    text: str,
    topic: str,
    language: str,
    *,
    heldout: FrozenSet[str],
    owners: Mapping[str, Set[str]],
    titles: Mapping[str, str],
) -> ExampleCheck:
    """Cleans, redacts and checks an example question for `topic`.

    Args:
        text: what staff typed.
        topic: the intent it is an example of.
        language: the language chosen (easy Japanese counts as Japanese).
        heldout: from `heldout_keys`.
        owners: from `example_owners`.
        titles: intent → Japanese topic title (for the warnings).

    Returns:
        The example to store (if `ok`), with errors, warnings and notes.
    """
    file_lang = file_language(language)
    cleaned = example_text(text).strip()
    if file_lang is None:
        return ExampleCheck(cleaned, language, errors=("言語を一覧から選んでください。",))
    if not cleaned:
        return ExampleCheck(cleaned, file_lang, errors=("例文を入力してください。",))
    if len(cleaned) > MAX_EXAMPLE_CHARS:
        message = (
            f"例文は{MAX_EXAMPLE_CHARS}文字以内にしてください（いまは{len(cleaned)}文字です）。"
        )
        return ExampleCheck(cleaned, file_lang, errors=(message,))
    redacted = redact(cleaned)
    notes = (REDACTED,) if _token_count(redacted) > _token_count(cleaned) else ()
    errors: List[str] = []
    key = example_key(redacted)
    if not has_words_left(redacted):
        errors.append("個人情報を伏せると、例文として使える言葉が残りません。")
    elif key in heldout or example_key(cleaned) in heldout:
        errors.append(HELD_OUT)
    elif topic in owners.get(key, set()):
        errors.append(ALREADY_HERE)
    others = sorted(owners.get(key, set()) - {topic})
    warnings = tuple(
        f"この例文は「{titles.get(other, '（一覧にない話題）')}」の例文にもなっています。"
        "このまま追加できますが、ボットが二つの話題を区別しにくくなるおそれがあります"
        "（「学習して反映」のときに確認されます）。"
        for other in others
    )
    return ExampleCheck(redacted, file_lang, tuple(errors), warnings if not errors else (), notes)


def _token_count(text: str) -> int:
    return sum(text.count(token) for token in TOKENS)
