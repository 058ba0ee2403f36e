"""Database URLs from REVIEW_DB_* / TRACKER_DB_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.stores.sql_env import PROJECT_ROOT, SqlSettingsError, sql_url_from_env, sqlite_path


def test_sqlite_by_default_under_the_project_root() -> None:
    url = sql_url_from_env("REVIEW_DB", default_sqlite=Path("var/review.db"), env={})
    assert url.get_backend_name() == "sqlite"
    assert sqlite_path(url) == PROJECT_ROOT / "var" / "review.db"


def test_sqlite_name_relative_to_the_root_or_absolute(tmp_path: Path) -> None:
    relative = sql_url_from_env(
        "TRACKER_DB", default_sqlite=Path("var/tracker.db"), env={"TRACKER_DB_NAME": "x/t.db"}
    )
    assert sqlite_path(relative) == PROJECT_ROOT / "x" / "t.db"
    absolute = sql_url_from_env(
        "TRACKER_DB",
        default_sqlite=Path("var/tracker.db"),
        env={"TRACKER_DB_NAME": str(tmp_path / "t.db")},
    )
    assert sqlite_path(absolute) == tmp_path / "t.db"


def test_postgresql_from_its_variables() -> None:
    env = {
        "REVIEW_DB_DIALECT": "PostgreSQL",
        "REVIEW_DB_HOST": "db.internal",
        "REVIEW_DB_PORT": "6543",
        "REVIEW_DB_NAME": "review",
        "REVIEW_DB_USER": "bot",
        "REVIEW_DB_PASSWORD": "s3cret/@:",
    }
    url = sql_url_from_env("REVIEW_DB", default_sqlite=Path("var/review.db"), env=env)
    assert url.drivername == "postgresql+psycopg2"
    assert (url.host, url.port, url.database, url.username) == (
        "db.internal",
        6543,
        "review",
        "bot",
    )
    assert url.password == "s3cret/@:"  # noqa: S105
    assert "s3cret" not in repr(url)  # masked when logged with %r


def test_postgresql_defaults() -> None:
    url = sql_url_from_env(
        "TRACKER_DB",
        default_sqlite=Path("var/tracker.db"),
        env={"TRACKER_DB_DIALECT": "postgresql"},
    )
    assert (url.host, url.port, url.database) == ("localhost", 5432, "tracker")


def test_the_prefixes_do_not_mix() -> None:
    env = {"TRACKER_DB_DIALECT": "postgresql", "REVIEW_DB_NAME": "var/r.db"}
    review = sql_url_from_env("REVIEW_DB", default_sqlite=Path("var/review.db"), env=env)
    assert review.get_backend_name() == "sqlite"


@pytest.mark.parametrize(
    "env",
    [{"REVIEW_DB_DIALECT": "mysql"}, {"REVIEW_DB_DIALECT": "postgresql", "REVIEW_DB_PORT": "x"}],
)
def test_invalid_settings_say_what_to_fix(env: dict) -> None:
    with pytest.raises(SqlSettingsError, match="REVIEW_DB_"):
        sql_url_from_env("REVIEW_DB", default_sqlite=Path("var/review.db"), env=env)
