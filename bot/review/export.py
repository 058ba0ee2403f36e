"""Export of reviewed questions to Rasa training data.

Questions staff assigned to a topic are written to
``<export_dir>/<lang>.yml`` (ja for Japanese and easy Japanese), merged with
what the file already holds, sorted, as Rasa 3.1 NLU YAML. `make train` then
picks them up with the rest of data/. Texts already in the training data or
in the held-out test questions (which must never be trained on) are skipped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml

from bot.language.codes import EASY_JAPANESE, INPUT_LANGUAGES, JAPANESE
from bot.nlp.normalize import has_words, normalize_text
from bot.review.capture.redact import TOKENS
from bot.review.models import ExportPreview, ExportResult, Question
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore

logger = logging.getLogger(__name__)

INTENT_NAME = re.compile(r"^[A-Za-z0-9_]+(?:/[A-Za-z0-9_]+)?$")
_ENTITY_MARKUP = re.compile(r"\](?=[({\[])")
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\])")
HEADER = (
    "# Examples added by staff in the review inbox (python -m bot.review export).\n"
    "# Generated: edit through the inbox; hand edits are kept but re-sorted.\n"
)


def file_language(language: str) -> Optional[str]:
    """The export file a question goes to: ja for ja and easy_ja, else its code;
    None for anything that is not one of our languages (a forged slot value
    such as "../../domain" never becomes a file name)."""
    if language == EASY_JAPANESE:
        return JAPANESE
    return language if language in INPUT_LANGUAGES else None


def export_file(export_dir: Path, language: str) -> Path:
    """The export file of a file language, checked to lie inside `export_dir`.

    Raises:
        ValueError: `language` is not one of the supported file languages.
    """
    if language not in INPUT_LANGUAGES:
        raise ValueError(f"not a supported language: {language!r}")
    path = export_dir / f"{language}.yml"
    if path.resolve().parent != export_dir.resolve():
        raise ValueError(f"export file outside {export_dir}: {path}")
    return path


def example_text(text: str) -> str:
    """A question as one safe example line: one line, no invisible characters,
    and no ``](`` that Rasa would read as entity markup."""
    single = " ".join(_INVISIBLE.sub(" ", text).split())
    return _ENTITY_MARKUP.sub("] ", single)


def _examples(block: object) -> List[str]:
    if not isinstance(block, str):
        return []
    lines = [line.strip() for line in block.splitlines()]
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def read_nlu_examples(path: Path) -> Dict[str, List[str]]:
    """The examples per intent of one Rasa NLU YAML file (empty when missing or unreadable)."""
    if not path.is_file():
        return {}
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        logger.warning("Skipping unreadable training file %s (%s).", path, type(error).__name__)
        return {}
    result: Dict[str, List[str]] = {}
    items = (content.get("nlu") or []) if isinstance(content, dict) else []
    for item in items:
        if isinstance(item, dict) and "intent" in item:
            result.setdefault(str(item["intent"]), []).extend(_examples(item.get("examples")))
    return result


def example_key(text: str) -> str:
    """The form examples are compared in: entity markup dropped, normalised."""
    return normalize_text(_ANNOTATION.sub(r"\1", text))


def has_words_left(text: str) -> bool:
    """Whether an example still has words once the redaction tokens are taken out."""
    stripped = text
    for token in TOKENS:
        stripped = stripped.replace(token, " ")
    return has_words(stripped)


def keys_in(paths: Iterable[Path]) -> Set[str]:
    """The keys of every example of these NLU files."""
    keys: Set[str] = set()
    for path in paths:
        for examples in read_nlu_examples(path).values():
            keys.update(example_key(example) for example in examples)
    return keys


def yaml_files(directory: Path) -> List[Path]:
    """The YAML files below `directory`, sorted (none if it does not exist)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yml", ".yaml"))


def render_nlu(examples: Dict[str, Iterable[str]]) -> str:
    """Rasa 3.1 NLU YAML for `examples`, intents and examples sorted."""
    lines = [HEADER + 'version: "3.1"', "nlu:"]
    for intent in sorted(examples):
        texts = sorted(set(examples[intent]))
        if not texts:
            continue
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in texts)
    if lines[-1] == "nlu:":
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"


@dataclass
class _Plan:
    files: Dict[str, Dict[str, List[str]]] = field(default_factory=dict)
    added: List[Tuple[str, str, str]] = field(default_factory=list)
    skipped: List[Tuple[str, str]] = field(default_factory=list)
    exported_ids: List[int] = field(default_factory=list)


def training_files(settings: ReviewSettings) -> List[Path]:
    """The NLU files of the training data, without the export folder's."""
    export_dir = settings.export_dir.resolve()
    return [p for p in yaml_files(settings.nlu_dir) if export_dir not in p.resolve().parents]


def _plan(store: ReviewStore, settings: ReviewSettings) -> _Plan:
    export_dir = settings.export_dir.resolve()
    trained = keys_in(training_files(settings))
    heldout = keys_in(yaml_files(settings.heldout_dir))
    plan = _Plan()
    owner: Dict[Tuple[str, str], str] = {}
    for question in store.questions_to_export():
        language = file_language(question.language)
        if language is None:
            plan.skipped.append((question.text, f"unsupported language {question.language!r}"))
            continue
        if language not in plan.files:
            plan.files[language] = read_nlu_examples(export_file(export_dir, language))
            for intent, texts in plan.files[language].items():
                for text in texts:
                    owner[(language, example_key(text))] = intent
        _plan_question(plan, question, language, owner, trained, heldout)
    return plan


def _plan_question(
    plan: _Plan,
    question: Question,
    language: str,
    owner: Dict[Tuple[str, str], str],
    trained: Set[str],
    heldout: Set[str],
) -> None:
    text = example_text(question.text)
    key = example_key(text)
    topic = question.topic or ""
    reason: Optional[str] = None
    if not INTENT_NAME.match(topic):
        reason = f"topic {topic!r} is not an intent name"
    elif not has_words_left(text):
        reason = "nothing left to learn after redaction"
    elif key in heldout:
        reason = "held-out test question (never trained on)"
    elif key in trained:
        reason = "already in the training data"
    elif (language, key) in owner and owner[(language, key)] != topic:
        reason = f"already exported as {owner[(language, key)]}"
    if reason:
        plan.skipped.append((question.text, reason))
        return
    plan.exported_ids.append(question.id)
    if (language, key) in owner:
        return  # already in the file under this topic
    owner[(language, key)] = topic
    plan.files[language].setdefault(topic, []).append(text)
    plan.added.append((language, topic, text))


def export_reviewed(store: ReviewStore, settings: ReviewSettings) -> ExportResult:
    """Writes the assigned questions to the export files and marks them exported.

    Args:
        store: the review store.
        settings: gives the export folder, the training data and held-out folders.

    Returns:
        The files written, how many examples were added and skipped.
    """
    plan = _plan(store, settings)
    written: List[Path] = []
    languages = sorted({language for language, _, _ in plan.added})
    if languages:
        settings.export_dir.mkdir(parents=True, exist_ok=True)
    for language in languages:
        path = export_file(settings.export_dir, language)
        temporary = path.with_suffix(".yml.tmp")
        temporary.write_text(render_nlu(plan.files[language]), encoding="utf-8")
        temporary.replace(path)
        written.append(path)
    store.mark_exported(plan.exported_ids)
    logger.info("Exported %d example(s), skipped %d.", len(plan.added), len(plan.skipped))
    return ExportResult(
        files=tuple(written),
        added=len(plan.added),
        skipped=len(plan.skipped),
        skipped_texts=tuple(plan.skipped),
    )


def _model_time(settings: ReviewSettings) -> Optional[datetime]:
    if not settings.model_path.is_file():
        return None
    return datetime.fromtimestamp(settings.model_path.stat().st_mtime, tz=UTC)


def pending_training(store: ReviewStore, settings: ReviewSettings) -> List[Tuple[str, str, str]]:
    """Exported examples the current model has not learned (exported after it was trained)."""
    model_time = _model_time(settings)
    pending: List[Tuple[str, str, str]] = []
    files: Dict[str, Dict[str, List[str]]] = {}
    for question in store.exported_questions(since=model_time):
        language = file_language(question.language)
        if language is None:
            continue
        if language not in files:
            files[language] = read_nlu_examples(export_file(settings.export_dir, language))
        text = example_text(question.text)
        if text in files[language].get(question.topic or "", []):
            pending.append((language, question.topic or "", text))
    return sorted(set(pending))


def preview_export(store: ReviewStore, settings: ReviewSettings) -> ExportPreview:
    """What `export_reviewed` would add and skip, and what the next training adds.

    Args:
        store: the review store.
        settings: as for `export_reviewed`.

    Returns:
        The preview; nothing is written.
    """
    plan = _plan(store, settings)
    return ExportPreview(
        new_examples=tuple(plan.added),
        skipped=tuple(plan.skipped),
        pending_training=tuple(pending_training(store, settings)),
    )
