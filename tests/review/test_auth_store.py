"""Staff logins: password hashes, users, sessions, failed-login counting."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.review.auth.passwords import (
    PasswordError,
    check_password_strength,
    hash_password,
    verify_password,
)
from bot.review.storage import schema
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock


def test_password_hash_format_and_verification() -> None:
    encoded = hash_password("correct horse battery")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "131072", "8", "1") and salt and digest
    assert verify_password("correct horse battery", encoded)
    assert not verify_password("correct horse batterY", encoded)
    assert hash_password("correct horse battery") != encoded  # salted


@pytest.mark.parametrize("encoded", [None, "", "plain", "scrypt$3$8$1$abc$def", "md5$x$y$z$a$b"])
def test_malformed_hashes_never_match(encoded: object) -> None:
    assert not verify_password("anything at all", encoded)  # type: ignore[arg-type]


@pytest.mark.parametrize("password", ["", "short", "elevenchars", " " * 12])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(PasswordError):
        check_password_strength(password)


def test_no_user_until_one_is_added(store: ReviewStore) -> None:
    assert not store.has_any_user()
    assert not store.verify_login("sato", "long enough password")
    assert store.add_user("sato", hash_password("long enough password"))
    assert store.has_any_user()
    assert store.verify_login("sato", "long enough password")
    assert not store.verify_login("sato", "wrong password here")
    assert not store.verify_login("tanaka", "long enough password")
    assert not store.add_user("sato", hash_password("another long password"))  # reset
    assert store.verify_login("sato", "another long password")
    with pytest.raises(ValueError):
        store.add_user("bad name; drop", hash_password("long enough password"))


def test_environment_user(store: ReviewStore) -> None:
    env_store = ReviewStore(
        store.engine,
        replace(
            store.settings,
            staff_username="admin",
            staff_password_hash=hash_password("from the environment"),
        ),
    )
    assert env_store.has_any_user()
    assert env_store.verify_login("admin", "from the environment")
    assert not env_store.verify_login("admin", "something else entirely")


def test_sessions_store_only_a_hash_and_expire(store: ReviewStore, clock: FakeClock) -> None:
    token, session = store.create_session("sato", ttl=timedelta(hours=8))
    assert session.username == "sato" and len(session.csrf_token) >= 32
    assert session.expires_at == clock.now + timedelta(hours=8)
    found = store.get_session(token)
    assert found == session
    with store.engine.connect() as connection:
        stored = [tuple(row) for row in connection.execute(select(schema.sessions))]
    assert token not in repr(stored)
    assert store.get_session("not-a-token") is None
    assert store.get_session("") is None
    clock.advance(hours=8, seconds=1)
    assert store.get_session(token) is None


def test_logout_deletes_the_session(store: ReviewStore) -> None:
    token, _ = store.create_session("sato")
    store.delete_session(token)
    assert store.get_session(token) is None


def test_login_failures_are_counted_in_a_window(store: ReviewStore, clock: FakeClock) -> None:
    for _ in range(3):
        store.record_login_failure("203.0.113.9")
    clock.advance(minutes=10)
    store.record_login_failure("203.0.113.9")
    assert store.login_failures("203.0.113.9", within=timedelta(minutes=15)) == 4
    assert store.login_failures("203.0.113.9", within=timedelta(minutes=5)) == 1
    assert store.login_failures("198.51.100.1", within=timedelta(minutes=15)) == 0
    with store.engine.connect() as connection:
        assert "203.0.113.9" not in repr(list(connection.execute(select(schema.login_failures))))
    store.clear_login_failures("203.0.113.9")
    assert store.login_failures("203.0.113.9", within=timedelta(hours=1)) == 0


def test_an_old_cost_hash_is_upgraded_at_the_next_login(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.review.auth import passwords

    monkeypatch.setattr(passwords, "COST_N", 2**14)
    old = passwords.hash_password("correct horse battery")
    monkeypatch.undo()
    store.add_user("sato", old)
    assert passwords.needs_rehash(old)
    assert store.verify_login("sato", "correct horse battery")
    with store.engine.connect() as connection:
        (stored,) = connection.execute(select(schema.staff_users.c.password_hash)).one()
    assert stored != old and stored.split("$")[1] == str(2**17)
    assert not passwords.needs_rehash(stored)
    assert store.verify_login("sato", "correct horse battery")


def test_concurrent_login_attempts_each_see_the_others(store: ReviewStore) -> None:
    """Ten attempts at once on one account: each is counted before any password
    check, so the earlier-failure counts they see are 0, 1, ... 9 in some order
    (no two attempts both see a count under the limit that only one may pass)."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(_: int) -> int:
        return store.begin_login_attempt(
            ("user:sato", "ip:203.0.113.9"), window=timedelta(minutes=15)
        ).failures["user:sato"]

    with ThreadPoolExecutor(max_workers=10) as pool:
        seen = sorted(pool.map(attempt, range(10)))
    assert seen == list(range(10))


def test_a_refused_or_right_attempt_is_not_a_failure(store: ReviewStore) -> None:
    keys = ("user:sato", "ip:203.0.113.9")
    window = timedelta(minutes=15)
    first = store.begin_login_attempt(keys, window=window)
    store.end_login_attempt(first, counted=True)
    refused = store.begin_login_attempt(keys, window=window)
    assert refused.failures == {"user:sato": 1, "ip:203.0.113.9": 1}
    store.end_login_attempt(refused, counted=False)
    right = store.begin_login_attempt(keys, window=window)
    assert right.failures["user:sato"] == 1
    store.end_login_attempt(right, counted=False, clear_key="user:sato")
    assert store.login_failures("user:sato", within=window) == 0
    assert store.login_failures("ip:203.0.113.9", within=window) == 1
