"""The training workspace: the repository's data with the staff's teaching applied.

`write_training_workspace` copies data/ and domain.yml into a folder, puts the
current answer edits into the copied responses and writes every example staff
gave a topic (the reviewed files, assigned questions, taught examples) to
data/nlu/reviewed/<lang>.yml, so that

    rasa train --data <workspace>/data --domain <workspace>/domain.yml

trains a candidate model (config.yml stays the repository's). The
repository's own files are only read.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

import yaml

from bot.language.codes import INPUT_LANGUAGES
from bot.review.export import (
    INTENT_NAME,
    example_key,
    example_text,
    export_file,
    file_language,
    has_words_left,
    keys_in,
    read_nlu_examples,
    render_nlu,
    training_files,
)
from bot.review.models import AnswerEdit
from bot.review.settings import ReviewSettings
from bot.review.teach.answers import variant_language
from bot.review.teach.examples import heldout_keys

logger = logging.getLogger(__name__)

REVIEWED_DIR = Path("nlu") / "reviewed"


@dataclass(frozen=True)
class ReviewedExample:
    """An example staff gave a topic (the quality gate checks the model answers it so)."""

    text: str
    topic: str
    language: str


@dataclass(frozen=True)
class TrainingInputs:
    """What `write_training_workspace` wrote.

    Attributes:
        workspace: the folder.
        data_dir: <workspace>/data, for `rasa train --data`.
        domain_file: <workspace>/domain.yml, for `rasa train --domain`.
        reviewed: every example staff gave a topic, by language, topic and text.
        answer_edits: the staff texts put into the copied responses.
        digest: sha256 of the workspace's files (same inputs, same digest).
    """

    workspace: Path
    data_dir: Path
    domain_file: Path
    reviewed: Tuple[ReviewedExample, ...]
    answer_edits: Tuple[AnswerEdit, ...]
    digest: str


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line texts as | blocks, as the hand-written files do."""


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_BlockDumper.add_representer(str, _represent_text)


def dump_yaml(content: Any) -> str:
    """YAML in block style, Unicode kept, keys in their order, long lines unwrapped."""
    return yaml.dump(
        content, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=10_000
    )


def apply_answer_edits(responses_dir: Path, edits: Sequence[AnswerEdit]) -> List[AnswerEdit]:
    """Replaces the text of each edited variant in the responses files of `responses_dir`.

    Args:
        responses_dir: a copy of data/responses (rewritten in place).
        edits: the current staff texts.

    Returns:
        The edits applied (an edit of a response or language no longer in the
        files is left out and logged).
    """
    wanted = {(edit.response, edit.language): edit for edit in edits if edit.text}
    applied: List[AnswerEdit] = []
    for path in sorted(responses_dir.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        changed = False
        for name, items in (content.get("responses") or {}).items():
            for item in items or []:
                edit = wanted.get((str(name), variant_language(item) or ""))
                if edit is not None and isinstance(item, dict) and edit not in applied:
                    item["text"] = edit.text
                    applied.append(edit)
                    changed = True
        if changed:
            path.write_text(dump_yaml(content), encoding="utf-8")
    for edit in wanted.values():
        if edit not in applied:
            logger.warning("Answer edit of a response no longer in the data was skipped.")
    return applied


def _staff_examples(store: Any, settings: ReviewSettings) -> Iterable[Tuple[str, str, str]]:
    """(language, topic, text) of every example staff gave a topic, oldest decision first."""
    for language in INPUT_LANGUAGES:
        for topic, texts in read_nlu_examples(export_file(settings.export_dir, language)).items():
            for text in texts:
                yield language, topic, text
    for question in store.assigned_questions():
        yield question.language, question.topic or "", example_text(question.text)
    for example in store.taught_examples():
        yield example.language, example.topic, example_text(example.text)


def reviewed_examples(store: Any, settings: ReviewSettings) -> List[ReviewedExample]:
    """Every example staff gave a topic, deduplicated (the latest decision wins),
    without held-out questions, texts left empty by redaction or odd topics."""
    heldout = heldout_keys(settings)
    chosen: Dict[Tuple[str, str], ReviewedExample] = {}
    for raw_language, topic, text in _staff_examples(store, settings):
        language = file_language(raw_language)
        key = example_key(text)
        if language is None or not INTENT_NAME.match(topic) or not has_words_left(text):
            continue
        if key in heldout:
            continue
        chosen.pop((language, key), None)  # re-inserted: the latest decision orders last
        chosen[(language, key)] = ReviewedExample(text=text, topic=topic, language=language)
    return list(chosen.values())


def _write_reviewed(
    data_dir: Path, examples: Sequence[ReviewedExample], trained: Iterable[str]
) -> None:
    known = set(trained)
    by_language: Dict[str, Dict[str, List[str]]] = {}
    for example in examples:
        if example_key(example.text) in known:
            continue  # already an example in the hand-written data
        by_language.setdefault(example.language, {}).setdefault(example.topic, []).append(
            example.text
        )
    folder = data_dir / REVIEWED_DIR
    if folder.is_dir():
        shutil.rmtree(folder)
    if by_language:
        folder.mkdir(parents=True)
    for language, topics in sorted(by_language.items()):
        (folder / f"{language}.yml").write_text(render_nlu(topics), encoding="utf-8")


def workspace_digest(files: Mapping[str, Path]) -> str:
    """sha256 over the names and bytes of `files` (relative name → path), in name order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(files[name].read_bytes() + b"\0")
    return digest.hexdigest()


def write_training_workspace(
    store: Any, settings: ReviewSettings, workspace: Path
) -> TrainingInputs:
    """Writes the repository's data and domain with the staff's teaching into `workspace`.

    Args:
        store: the review store (assigned questions, taught examples, answer edits).
        settings: gives the repository's data (nlu_dir's parent), the reviewed
            and held-out folders.
        workspace: the folder to write (its data/ and domain.yml are replaced;
            anything else in it is left alone).

    Returns:
        What was written, with a digest of the workspace's files.
    """
    source_data = settings.nlu_dir.parent
    data_dir, domain_file = workspace / "data", workspace / "domain.yml"
    workspace.mkdir(parents=True, exist_ok=True)
    if data_dir.exists():
        shutil.rmtree(data_dir)
    shutil.copytree(source_data, data_dir)
    shutil.copyfile(source_data.parent / "domain.yml", domain_file)
    applied = apply_answer_edits(data_dir / "responses", store.current_answer_edits())
    reviewed = reviewed_examples(store, settings)
    _write_reviewed(data_dir, reviewed, keys_in(training_files(settings)))
    files = {"domain.yml": domain_file}
    files.update(
        {p.relative_to(workspace).as_posix(): p for p in data_dir.rglob("*") if p.is_file()}
    )
    inputs = TrainingInputs(
        workspace=workspace,
        data_dir=data_dir,
        domain_file=domain_file,
        reviewed=tuple(reviewed),
        answer_edits=tuple(applied),
        digest=workspace_digest(files),
    )
    logger.info(
        "Training workspace written: %d reviewed example(s), %d answer edit(s).",
        len(inputs.reviewed),
        len(inputs.answer_edits),
    )
    return inputs
