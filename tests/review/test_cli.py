"""python -m bot.review: list, export, preview, stats, purge, add-user, hash-password."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Tuple

import pytest

from bot.review.auth.passwords import verify_password
from bot.review.cli import main, table
from bot.review.models import NewQuestion
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, sqlite_settings: ReviewSettings) -> ReviewSettings:
    monkeypatch.setenv("REVIEW_DB_NAME", sqlite_settings.db_url.database)
    monkeypatch.setenv("REVIEW_HASH_KEY", "test-hash-key")
    monkeypatch.setenv("REVIEW_EXPORT_DIR", str(sqlite_settings.export_dir))
    monkeypatch.setenv("TRACKER_DB_NAME", sqlite_settings.tracker_db_url.database)
    monkeypatch.delenv("REVIEW_DB_DIALECT", raising=False)
    return sqlite_settings


def run(*argv: str, stdin: str = "") -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.review", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("list", "export", "preview", "stats", "purge", "add-user", "hash-password"):
        assert command in result.stdout


def test_list_with_filters(cli_env: ReviewSettings, sqlite_store: ReviewStore) -> None:
    sqlite_store.capture(
        NewQuestion("駐車場はありますか 090-1234-5678", "line", "ja", "fallback", "r")
    )
    sqlite_store.capture(NewQuestion("ゴミの日", "rest", "ja", "fallback", "r"))
    sqlite_store.capture(NewQuestion("parking?", "rest", "en", "fallback", "r"))
    code, out, _ = run(
        "list", "--status", "new", "--language", "ja", "--search", "駐車場", "--limit", "20"
    )
    assert code == 0
    assert "駐車場はありますか [PHONE]" in out and "ゴミの日" not in out
    assert "090-1234" not in out
    assert "1 of 1 question(s)" in out
    code, out, _ = run("list", "--clusters")
    assert code == 0 and "group" in out


def test_export_and_preview(cli_env: ReviewSettings, sqlite_store: ReviewStore) -> None:
    question_id = sqlite_store.capture(NewQuestion("DXの窓口どこ", "rest", "ja", "fallback", "r"))
    sqlite_store.assign_topic([question_id], "ask_contact", staff="sato")
    code, out, _ = run("preview")
    assert code == 0 and "DXの窓口どこ" in out and "ask_contact" in out
    code, out, _ = run("export")
    assert code == 0 and "1 added" in out
    assert "DXの窓口どこ" in (cli_env.export_dir / "ja.yml").read_text(encoding="utf-8")


def test_stats_text_and_csv(cli_env: ReviewSettings, sqlite_store: ReviewStore) -> None:
    sqlite_store.count_message(channel="rest", language="ja", intent="ask_contact", routed=False)
    code, out, _ = run("stats", "--days", "30")
    assert code == 0 and "1 message(s)" in out and "ask_contact" in out
    code, out, _ = run("stats", "--days", "7", "--csv")
    assert code == 0 and out.startswith("日付,ボットが回答,職員へ") and len(out.splitlines()) == 9


def test_purge_dry_run(cli_env: ReviewSettings, sqlite_store: ReviewStore) -> None:
    code, out, _ = run("purge", "--days", "30", "--dry-run")
    assert code == 0 and "would delete" in out and "tracker store:" in out
    code, _, err = run("purge", "--days", "0")
    assert code == 2 and "at least 1 day" in err


def test_add_user_reads_the_password_and_refuses_short_ones(
    cli_env: ReviewSettings, sqlite_store: ReviewStore
) -> None:
    code, _, err = run("add-user", "sato", "--password-stdin", stdin="short\n")
    assert code == 2 and "12 characters" in err
    assert not sqlite_store.has_any_user()
    code, out, _ = run("add-user", "sato", "--password-stdin", stdin="a long staff password\n")
    assert code == 0 and "Created" in out
    assert sqlite_store.verify_login("sato", "a long staff password")
    code, _, err = run("add-user", "bad name", "--password-stdin", stdin="a long staff password\n")
    assert code == 2


def test_add_user_asks_twice(
    cli_env: ReviewSettings, sqlite_store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["first long password", "second long password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run("add-user", "sato")
    assert code == 2 and "differ" in err


def test_hash_password_prints_a_usable_hash() -> None:
    code, out, _ = run("hash-password", "--password-stdin", stdin="environment password\n")
    assert code == 0
    assert verify_password("environment password", out.strip())


def test_table_aligns_wide_characters() -> None:
    lines = table(("a", "b"), [("駐車場", 1), ("x", 22)]).splitlines()
    assert lines[2:] == ["駐車場  1", "x       22"]  # 駐車場 takes six columns


def test_resetting_a_password_lifts_the_accounts_login_delay(
    cli_env: ReviewSettings, sqlite_store: ReviewStore
) -> None:
    from datetime import timedelta

    for _ in range(5):
        sqlite_store.record_login_failure("user:sato")
    code, out, _ = run("add-user", "Sato", "--password-stdin", stdin="a long staff password\n")
    assert code == 0
    assert sqlite_store.login_failures("user:sato", within=timedelta(hours=1)) == 0
