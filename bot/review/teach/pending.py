"""What staff taught since the live model was trained, for the 「学習して反映」 page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, List, Optional

from bot.review.staff_words import UNLISTED_TOPIC
from bot.review.teach.labels import answer_name, language_label, topic_titles

KIND_ASSIGNED = "question_assigned"
KIND_EXAMPLE_ADDED = "example_added"
KIND_EXAMPLE_REMOVED = "example_removed"
KIND_ANSWER_EDITED = "answer_edited"
KIND_ANSWER_REVERTED = "answer_reverted"
TEXT_SHOWN = 60


@dataclass(frozen=True)
class PendingChange:
    """A change the live model does not know yet."""

    at: datetime
    staff: str
    kind: str
    description: str  # one line of plain Japanese


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TEXT_SHOWN else line[: TEXT_SHOWN - 1] + "…"


def pending_changes(store: Any, since: Optional[datetime]) -> List[PendingChange]:
    """Questions assigned, examples added or removed and answers edited after `since`.

    Args:
        store: the review store.
        since: when the live model was trained (None: everything).

    Returns:
        The changes, newest first, each with who, when and a Japanese line.
    """
    titles = topic_titles()

    def title(topic: Optional[str]) -> str:
        return titles.get(topic or "", UNLISTED_TOPIC)

    changes: List[PendingChange] = []
    for question in store.assigned_questions(since=since):
        changes.append(
            PendingChange(
                at=question.reviewed_at or question.created_at,
                staff=question.reviewed_by or "",
                kind=KIND_ASSIGNED,
                description=f"質問を「{title(question.topic)}」の例文にしました"
                f"（{language_label(question.language)}）：{_short(question.text)}",
            )
        )
    for example in store.taught_examples(include_removed=True, since=since):
        where = f"「{title(example.topic)}」（{language_label(example.language)}）"
        if since is None or example.added_at > since:
            changes.append(
                PendingChange(
                    at=example.added_at,
                    staff=example.added_by,
                    kind=KIND_EXAMPLE_ADDED,
                    description=f"{where}に例文を追加しました：{_short(example.text)}",
                )
            )
        if example.removed_at is not None and (since is None or example.removed_at > since):
            changes.append(
                PendingChange(
                    at=example.removed_at,
                    staff=example.removed_by or "",
                    kind=KIND_EXAMPLE_REMOVED,
                    description=f"{where}の例文を削除しました：{_short(example.text)}",
                )
            )
    for edit in store.answer_edits(since=since):
        answer = f"{answer_name(edit.response, titles)}（{language_label(edit.language)}）"
        if edit.text:
            kind, description = KIND_ANSWER_EDITED, f"{answer}を修正しました：{_short(edit.text)}"
        else:
            kind, description = KIND_ANSWER_REVERTED, f"{answer}を元の文面に戻しました"
        changes.append(PendingChange(edit.edited_at, edit.edited_by, kind, description))
    return sorted(changes, key=lambda change: change.at, reverse=True)
