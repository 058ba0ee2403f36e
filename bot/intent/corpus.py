"""Labelled questions per language: the training data and the held-out files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List

from bot.dialogue.intent_roles import OUT_OF_SCOPE_INTENT
from bot.language.codes import INPUT_LANGUAGES, JAPANESE

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "data" / "nlu"
HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
OUT_OF_SCOPE = OUT_OF_SCOPE_INTENT


@dataclass(frozen=True)
class Example:
    """One labelled question."""

    text: str
    intent: str
    language: str

    @property
    def in_scope(self) -> bool:
        """False for the questions the bot must hand to the office."""
        return self.intent != OUT_OF_SCOPE


def language_of_training_file(path: Path, root: Path = TRAINING_DIR) -> str:
    """The language a training file is written in, from where it lies.

    `data/nlu/<code>/*.yml` is in that language, `data/nlu/reviewed/<code>.yml`
    too (easy Japanese counts as Japanese); everything else is Japanese.
    """
    parts = path.relative_to(root).parts
    candidates = (parts[0], path.stem) if parts[0] == "reviewed" else (parts[0],)
    for candidate in candidates:
        if candidate in INPUT_LANGUAGES:
            return candidate
    return JAPANESE


def examples_in_file(path: Path, language: str) -> List[Example]:
    """The intent examples of one Rasa NLU file (entity markup removed by Rasa)."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        Example(text=message.get("text"), intent=message.get("intent"), language=language)
        for message in load_data(str(path)).intent_examples
    ]


def training_examples(root: Path = TRAINING_DIR) -> List[Example]:
    """Every intent example under `root`, each with its language.

    A text given the same intent in several files ("hello" in ja, en and pt)
    is kept once, with the first file's language, as Rasa keeps it once: a
    cross-validation fold must not be tested on a text it was trained on.
    """
    examples: List[Example] = []
    seen = set()
    for path in sorted(root.rglob("*.yml")):
        for example in examples_in_file(path, language_of_training_file(path, root)):
            if (example.text, example.intent) not in seen:
                seen.add((example.text, example.intent))
                examples.append(example)
    return examples


def heldout_examples(language: str, folder: Path = HELDOUT_DIR) -> List[Example]:
    """The held-out questions of one language (never trained on)."""
    return examples_in_file(folder / f"{language}.yml", language)
