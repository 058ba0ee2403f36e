"""Staff logins: users, sessions and failed-login counts in the review database.

Session cookies are random tokens; only their SHA-256 is stored, so a copy
of the database does not let anyone log in. Failed logins are keyed by a
SHA-256 of the caller's key (usually the client address).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine

from bot.review.auth.passwords import hash_password, needs_rehash, verify_password
from bot.review.clock import from_db, to_db
from bot.review.models import StaffSession
from bot.review.settings import ReviewSettings
from bot.review.storage import schema

logger = logging.getLogger(__name__)

USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def valid_username(username: str) -> bool:
    """Usernames are 1–64 letters, digits, dots, dashes, underscores or @."""
    return bool(USERNAME.match(username))


def _db_hash(engine: Engine, username: str) -> Optional[str]:
    table = schema.staff_users
    with engine.connect() as connection:
        return connection.execute(
            select(table.c.password_hash).where(table.c.username == username)
        ).scalar()


def verify_login(engine: Engine, settings: ReviewSettings, username: str, password: str) -> bool:
    """True when `password` is right for the environment user or a database user.

    Always costs one scrypt computation, whether or not the user exists.
    """
    username = username.strip()
    env_user = settings.staff_username
    if (
        env_user
        and settings.staff_password_hash
        and hmac.compare_digest(username.encode("utf-8"), env_user.encode("utf-8"))
    ):
        right = verify_password(password, settings.staff_password_hash)
        if right and needs_rehash(settings.staff_password_hash):
            logger.warning(
                "STAFF_PASSWORD_HASH uses an old scrypt cost; make a new one with "
                "`python -m bot.review hash-password`."
            )
        return right
    stored = _db_hash(engine, username) if valid_username(username) else None
    right = verify_password(password, stored)
    if right and stored and needs_rehash(stored):
        _replace_hash(engine, username, hash_password(password))
        logger.info("A staff password hash was upgraded to the current scrypt cost.")
    return right


def _replace_hash(engine: Engine, username: str, password_hash: str) -> None:
    table = schema.staff_users
    with engine.begin() as connection:
        connection.execute(
            table.update().where(table.c.username == username).values(password_hash=password_hash)
        )


def has_any_user(engine: Engine, settings: ReviewSettings) -> bool:
    """Whether anyone can log in."""
    if settings.staff_username and settings.staff_password_hash:
        return True
    with engine.connect() as connection:
        return bool(
            connection.execute(select(func.count()).select_from(schema.staff_users)).scalar()
        )


def add_user(engine: Engine, username: str, password_hash: str, now: datetime) -> bool:
    """Adds a user, or replaces the password of an existing one.

    Returns:
        True when the user is new.

    Raises:
        ValueError: the username has characters other than letters, digits and ._@-.
    """
    if not valid_username(username):
        raise ValueError("Usernames may use letters, digits and . _ @ - (at most 64).")
    table = schema.staff_users
    with engine.begin() as connection:
        exists = connection.execute(
            select(table.c.username).where(table.c.username == username)
        ).first()
        if exists:
            connection.execute(
                table.update()
                .where(table.c.username == username)
                .values(password_hash=password_hash)
            )
            return False
        connection.execute(
            table.insert().values(
                username=username, password_hash=password_hash, created_at=to_db(now)
            )
        )
        return True


def create_session(
    engine: Engine, username: str, ttl: timedelta, now: datetime
) -> Tuple[str, StaffSession]:
    """A new session; returns the cookie token (not stored) and the session."""
    token = secrets.token_urlsafe(32)
    session = StaffSession(
        username=username, csrf_token=secrets.token_urlsafe(32), expires_at=now + ttl
    )
    with engine.begin() as connection:
        connection.execute(
            delete(schema.sessions).where(schema.sessions.c.expires_at <= to_db(now))
        )
        connection.execute(
            schema.sessions.insert().values(
                token_hash=_sha256(token),
                username=username,
                csrf_token=session.csrf_token,
                created_at=to_db(now),
                expires_at=to_db(session.expires_at),
            )
        )
    return token, session


def get_session(engine: Engine, token: str, now: datetime) -> Optional[StaffSession]:
    """The live session of `token`, or None."""
    if not token:
        return None
    table = schema.sessions
    with engine.connect() as connection:
        row = (
            connection.execute(select(table).where(table.c.token_hash == _sha256(token)))
            .mappings()
            .first()
        )
    if row is None:
        return None
    expires_at = from_db(row["expires_at"])
    if expires_at is None or expires_at <= now:
        delete_session(engine, token)
        return None
    return StaffSession(row["username"], row["csrf_token"], expires_at)


def delete_session(engine: Engine, token: str) -> None:
    """Removes a session (logout)."""
    with engine.begin() as connection:
        connection.execute(
            delete(schema.sessions).where(schema.sessions.c.token_hash == _sha256(token))
        )


def record_login_failure(engine: Engine, key: str, now: datetime) -> None:
    """Stores one failed login for `key` (hashed)."""
    with engine.begin() as connection:
        connection.execute(
            schema.login_failures.insert().values(key_hash=_sha256(key), at=to_db(now))
        )


def login_failures(engine: Engine, key: str, within: timedelta, now: datetime) -> int:
    """Failed logins for `key` since `now - within`."""
    table = schema.login_failures
    with engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(table)
                .where(table.c.key_hash == _sha256(key), table.c.at > to_db(now - within))
            ).scalar_one()
        )


def clear_login_failures(engine: Engine, key: str) -> None:
    """Forgets the failed logins of `key`."""
    with engine.begin() as connection:
        connection.execute(
            delete(schema.login_failures).where(schema.login_failures.c.key_hash == _sha256(key))
        )


@dataclass(frozen=True)
class LoginAttempt:
    """An attempt recorded before its password was checked.

    Attributes:
        ids: the rows recorded for it, one per key.
        failures: per key, earlier failures in the window (this attempt excluded).
        last_failure: per key, when the latest earlier failure happened.
        at: when this attempt was made (the store's clock).
    """

    ids: Tuple[int, ...]
    failures: Dict[str, int]
    last_failure: Dict[str, Optional[datetime]]
    at: datetime


def begin_login_attempt(
    engine: Engine, keys: Sequence[str], window: timedelta, now: datetime
) -> LoginAttempt:
    """Records an attempt for each key and counts the earlier ones, atomically.

    The attempt counts as a failure until `end_login_attempt` says otherwise,
    so concurrent attempts see each other. On PostgreSQL an advisory lock per
    key serialises the insert-and-count; on SQLite the insert takes the
    database's write lock first.
    """
    table = schema.login_failures
    hashes = {key: _sha256(key) for key in keys}
    ids: List[int] = []
    failures: Dict[str, int] = {}
    last: Dict[str, Optional[datetime]] = {}
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for digest in sorted(hashes.values()):
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": digest}
                )
        for key, digest in hashes.items():
            inserted = connection.execute(table.insert().values(key_hash=digest, at=to_db(now)))
            own = int(inserted.inserted_primary_key[0])
            ids.append(own)
            row = connection.execute(
                select(func.count(), func.max(table.c.at)).where(
                    table.c.key_hash == digest,
                    table.c.at > to_db(now - window),
                    table.c.id != own,
                )
            ).one()
            failures[key] = int(row[0])
            last[key] = from_db(row[1])
    return LoginAttempt(tuple(ids), failures, last, now)


def end_login_attempt(
    engine: Engine, attempt: LoginAttempt, *, counted: bool, clear_key: Optional[str] = None
) -> None:
    """Finishes an attempt: a failure stays counted; otherwise its rows go.

    Args:
        engine: the review database.
        attempt: from `begin_login_attempt`.
        counted: True for a wrong password (the rows stay as failures).
        clear_key: after a successful login, the account key whose failures are forgotten.
    """
    table = schema.login_failures
    with engine.begin() as connection:
        if not counted:
            connection.execute(delete(table).where(table.c.id.in_(attempt.ids)))
        if clear_key is not None:
            connection.execute(delete(table).where(table.c.key_hash == _sha256(clear_key)))
