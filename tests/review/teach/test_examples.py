"""Example questions staff add: cleaned, redacted, never a held-out test question."""

from __future__ import annotations

from typing import Mapping, Set

import pytest

from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.review.teach.examples import (
    ALREADY_HERE,
    HELD_OUT,
    MAX_EXAMPLE_CHARS,
    REDACTED,
    ExampleCheck,
    check_example,
    example_owners,
    heldout_keys,
)

TITLES = {"ask_contact": "問い合わせ先", "ask_office_hours": "開庁時間"}


def check(
    text: str,
    settings: ReviewSettings,
    store: ReviewStore,
    *,
    topic: str = "ask_office_hours",
    language: str = "ja",
) -> ExampleCheck:
    owners: Mapping[str, Set[str]] = example_owners(
        settings, store.assigned_questions(), store.taught_examples()
    )
    return check_example(
        text, topic, language, heldout=heldout_keys(settings), owners=owners, titles=TITLES
    )


@pytest.mark.parametrize(
    ("text", "language", "error"),
    [
        ("", "ja", "例文を入力してください。"),
        ("  \u200b ", "ja", "例文を入力してください。"),
        ("あ" * (MAX_EXAMPLE_CHARS + 1), "ja", f"{MAX_EXAMPLE_CHARS}文字以内"),
        ("窓口は何時まで？", "fr", "言語を一覧から選んでください。"),
        ("dx policy content?", "en", HELD_OUT),
        ("DX Policy  content?", "en", HELD_OUT),
        ("090-1234-5678", "ja", "使える言葉が残りません"),
    ],
)
def test_refused(
    repo_settings: ReviewSettings, repo_store: ReviewStore, text: str, language: str, error: str
) -> None:
    result = check(text, repo_settings, repo_store, language=language)
    assert not result.ok
    assert any(error in message for message in result.errors), result.errors


def test_cleaned_to_one_line_and_redacted(
    repo_settings: ReviewSettings, repo_store: ReviewStore
) -> None:
    result = check(
        "窓口は何時まで？\n電話090-1234-5678 [役場](place) taro@example.jp",
        repo_settings,
        repo_store,
    )
    assert result.ok, result.errors
    assert "\n" not in result.text and "090" not in result.text and "taro@" not in result.text
    assert "[PHONE]" in result.text and "[EMAIL]" in result.text and "](" not in result.text
    assert result.notes == (REDACTED,)


def test_easy_japanese_counts_as_japanese(
    repo_settings: ReviewSettings, repo_store: ReviewStore
) -> None:
    assert (
        check("まどぐちは なんじまで", repo_settings, repo_store, language="easy_ja").language
        == "ja"
    )


def test_already_an_example_of_this_topic_or_another(
    repo_settings: ReviewSettings, repo_store: ReviewStore
) -> None:
    mine = check("電話番号", repo_settings, repo_store, topic="ask_contact")
    assert mine.errors == (ALREADY_HERE,)
    other = check("電話番号", repo_settings, repo_store, topic="ask_office_hours")
    assert other.ok and "「問い合わせ先」" in other.warnings[0]
    repo_store.add_taught_example("ask_office_hours", "en", "when r u open", staff="kato")
    again = check("When  r u open", repo_settings, repo_store, language="en")
    assert again.errors == (ALREADY_HERE,)
