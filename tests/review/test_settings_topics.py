"""Review settings from the environment, and the topics staff can choose from."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.review.models import Candidate
from bot.review.settings import ReviewSettingsError, load_review_settings
from bot.review.triage.topics import is_assignable, topic_choices
from bot.stores.sql_env import sqlite_path


def test_defaults(tmp_path: Path) -> None:
    settings = load_review_settings({}, root=tmp_path)
    assert sqlite_path(settings.db_url) == tmp_path / "var" / "review.db"
    assert sqlite_path(settings.tracker_db_url) == tmp_path / "var" / "tracker.db"
    assert settings.retention_days == 180
    assert settings.export_dir == tmp_path / "data" / "nlu" / "reviewed"
    assert settings.staff_username is None and settings.staff_password_hash is None


def test_hash_key_file_is_created_once_private(tmp_path: Path) -> None:
    first = load_review_settings({}, root=tmp_path).hash_key
    key_file = tmp_path / "var" / "review-hash.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) == 64
    assert load_review_settings({}, root=tmp_path).hash_key == first
    assert load_review_settings({"REVIEW_HASH_KEY": "abc"}, root=tmp_path).hash_key == b"abc"


def test_environment_values(tmp_path: Path) -> None:
    settings = load_review_settings(
        {
            "REVIEW_RETENTION_DAYS": "30",
            "REVIEW_EXPORT_DIR": "out/reviewed",
            "REVIEW_HASH_KEY": "k",
            "STAFF_USERNAME": "admin",
            "STAFF_PASSWORD_HASH": "scrypt$16384$8$1$a$b",
        },
        root=tmp_path,
    )
    assert settings.retention_days == 30
    assert settings.export_dir == tmp_path / "out" / "reviewed"
    assert settings.staff_username == "admin"


@pytest.mark.parametrize("days", ["0", "-5", "half a year"])
def test_bad_retention_is_refused(tmp_path: Path, days: str) -> None:
    with pytest.raises(ReviewSettingsError, match="REVIEW_RETENTION_DAYS"):
        load_review_settings({"REVIEW_RETENTION_DAYS": days, "REVIEW_HASH_KEY": "k"}, root=tmp_path)


def test_topics_put_the_bots_guesses_first() -> None:
    guesses = (
        Candidate("ask_office_hours", 0.4),
        Candidate("nlu_fallback", 0.3),
        Candidate("ask_contact", 0.2),
    )
    choices = topic_choices("ja", guesses)
    assert choices[0] == ("ask_office_hours", "受付時間")
    assert choices[1] == ("ask_contact", "問い合わせ先")
    intents = [intent for intent, _ in choices]
    assert len(intents) == len(set(intents))
    assert "ask_policy_period" in intents and "request_human" in intents
    assert not {"nlu_fallback", "deny", "unsupported_language"} & set(intents)


def test_topic_titles_follow_the_language() -> None:
    assert dict(topic_choices("en"))["ask_contact"] != dict(topic_choices("ja"))["ask_contact"]
    assert dict(topic_choices("xx"))["ask_contact"] == "問い合わせ先"  # Japanese titles
    assert is_assignable("ask_contact") and not is_assignable("nlu_fallback")
