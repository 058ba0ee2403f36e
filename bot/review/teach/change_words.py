"""The staff change log (review_change_log) as staff read it: 「「問い合わせ先」の
回答（英語）を修正」 instead of codes such as answer_edited and utter_x:en."""

from __future__ import annotations

from typing import Mapping

from bot.review.models import ChangeLogEntry
from bot.review.teach.labels import answer_name, language_label, topic_titles

ACTION_WORDS: Mapping[str, str] = {
    "answer_edited": "回答の文面を修正",
    "answer_reverted": "回答を元の文面に戻す",
    "example_added": "例文を追加",
    "example_removed": "例文を削除",
    "train": "学習して反映を開始",
    "publish": "反映",
    "rollback": "ひとつ前のモデルに戻す",
}
MAX_DETAIL = 80
# The log's detail says nothing the line does not (train, rollback) or only a cut
# "old → new" that hides the change (answers: the topic page shows the text).
WITHOUT_DETAIL = frozenset({"answer_edited", "answer_reverted", "train", "rollback"})


def _subject(entry: ChangeLogEntry, titles: Mapping[str, str]) -> str:
    name, _, language = entry.subject.partition(":")
    if entry.action.startswith("answer_") and language:
        return f"{answer_name(name, titles)}（{language_label(language)}）"
    if entry.action.startswith("example_") and language:
        return f"「{titles.get(name, '一覧にない話題')}」（{language_label(language)}）"
    return entry.subject


def describe_change(entry: ChangeLogEntry, titles: Mapping[str, str] | None = None) -> str:
    """One line: what was done, to what, and (shortened) how."""
    titles = titles if titles is not None else topic_titles()
    action = ACTION_WORDS.get(entry.action, "変更")
    detail = "" if entry.action in WITHOUT_DETAIL else " ".join(entry.detail.split())
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    line = f"{action}：{_subject(entry, titles)}"
    return f"{line} — {detail}" if detail else line
