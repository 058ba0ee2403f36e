"""Environment settings of the review inbox, read in one place.

REVIEW_DB_*            the review database (see bot.stores.sql_env; default
                       SQLite var/review.db)
REVIEW_HASH_KEY        secret for the keyed hash of conversation ids; when
                       unset a random key is created once in
                       var/review-hash.key (mode 0600) and reused
REVIEW_RETENTION_DAYS  days captured questions and raw conversations are kept
                       (default 180)
REVIEW_PURGE_EVERY_HOURS
                       how often the web server deletes what is older than
                       that (default 24; 0 turns the scheduled purge off)
REVIEW_EXPORT_DIR      where reviewed examples are written (default
                       data/nlu/reviewed)
TRACKER_DB_*           Rasa's tracker store, for the purge of old conversations
STAFF_USERNAME, STAFF_PASSWORD_HASH
                       a staff login from the environment (the hash comes from
                       `python -m bot.review hash-password`)
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from sqlalchemy.engine import URL

from bot.env_numbers import number_from_env
from bot.stores.sql_env import PROJECT_ROOT, sql_url_from_env

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 180
DEFAULT_PURGE_EVERY_HOURS = 24.0
HASH_KEY_FILE = Path("var") / "review-hash.key"


class ReviewSettingsError(ValueError):
    """A review setting in the environment is invalid."""


@dataclass(frozen=True)
class ReviewSettings:
    """Everything the review store, export and purge need."""

    db_url: URL
    hash_key: bytes
    retention_days: int = DEFAULT_RETENTION_DAYS
    export_dir: Path = PROJECT_ROOT / "data" / "nlu" / "reviewed"
    nlu_dir: Path = PROJECT_ROOT / "data" / "nlu"
    heldout_dir: Path = PROJECT_ROOT / "tests" / "nlu" / "heldout"
    model_path: Path = PROJECT_ROOT / "models" / "aisho-dx.tar.gz"
    tracker_db_url: Optional[URL] = None
    staff_username: Optional[str] = None
    staff_password_hash: Optional[str] = None
    purge_every_hours: float = DEFAULT_PURGE_EVERY_HOURS


def _path(value: Optional[str], default: Path, root: Path) -> Path:
    path = Path(value) if value else default
    return path if path.is_absolute() else root / path


def hash_key_from(env: Mapping[str, str], root: Path) -> bytes:
    """The conversation-hash key: REVIEW_HASH_KEY, else var/review-hash.key.

    The file is created with a random key (mode 0600) the first time, so the
    same resident keeps the same hash across restarts.

    Args:
        env: the environment.
        root: the project root (holds var/).

    Returns:
        The key bytes.
    """
    value = env.get("REVIEW_HASH_KEY", "").strip()
    if value:
        return value.encode("utf-8")
    path = root / HASH_KEY_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it a moment ago
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_hex(32))
            logger.info("Created a conversation-hash key in %s.", path)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def load_review_settings(
    env: Mapping[str, str] = os.environ, *, root: Path = PROJECT_ROOT
) -> ReviewSettings:
    """Reads the review settings from the environment.

    Args:
        env: the environment (os.environ by default).
        root: the project root; relative paths start here.

    Returns:
        The settings.

    Raises:
        ReviewSettingsError: REVIEW_RETENTION_DAYS is not a positive number.
    """
    retention = number_from_env(
        env,
        "REVIEW_RETENTION_DAYS",
        DEFAULT_RETENTION_DAYS,
        kind=int,
        minimum=1,
        error=ReviewSettingsError,
        unit="days",
    )
    every = number_from_env(
        env,
        "REVIEW_PURGE_EVERY_HOURS",
        DEFAULT_PURGE_EVERY_HOURS,
        kind=float,
        minimum=0.0,
        error=ReviewSettingsError,
        unit="hours (0: off)",
    )
    return ReviewSettings(
        purge_every_hours=every,
        db_url=sql_url_from_env(
            "REVIEW_DB", default_sqlite=Path("var/review.db"), env=env, root=root
        ),
        hash_key=hash_key_from(env, root),
        retention_days=retention,
        export_dir=_path(env.get("REVIEW_EXPORT_DIR"), Path("data/nlu/reviewed"), root),
        nlu_dir=root / "data" / "nlu",
        heldout_dir=root / "tests" / "nlu" / "heldout",
        model_path=root / "models" / "aisho-dx.tar.gz",
        tracker_db_url=sql_url_from_env(
            "TRACKER_DB", default_sqlite=Path("var/tracker.db"), env=env, root=root
        ),
        staff_username=env.get("STAFF_USERNAME", "").strip() or None,
        staff_password_hash=env.get("STAFF_PASSWORD_HASH", "").strip() or None,
    )
