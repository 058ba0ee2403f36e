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
from datetime import datetime, timedelta
from typing import Optional, Tuple

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from bot.review import schema
from bot.review.clock import from_db, to_db
from bot.review.models import StaffSession
from bot.review.passwords import verify_password
from bot.review.settings import ReviewSettings

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
        return verify_password(password, settings.staff_password_hash)
    stored = _db_hash(engine, username) if valid_username(username) else None
    return verify_password(password, stored)


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
