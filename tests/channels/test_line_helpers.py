"""Signature, user-id hashing, the TTL cache and the settings of the LINE channel."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import List, Optional

import pytest

from bot.channels.line_cache import TtlCache
from bot.channels.line_config import DEFAULT_API_BASE_URL, LineSettings
from bot.channels.line_privacy import hashed_id, sender_id, user_id_key
from bot.channels.line_signature import is_valid, sign
from tests.channels.line_fakes import SECRET, USER_ID

BODY = b'{"destination":"U1","events":[]}'
OLD, NEW = "old-channel-secret", "new-channel-secret"


def test_signature_is_base64_hmac_sha256_of_the_raw_body() -> None:
    expected = base64.b64encode(hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()).decode()
    assert sign(SECRET, BODY) == expected
    assert is_valid(SECRET, BODY, expected)


@pytest.mark.parametrize(
    "signature",
    [None, "", "   ", "abc", sign("other", BODY), sign(SECRET, BODY + b" "), "日本語"],
)
def test_signature_is_refused_when_missing_or_wrong(signature: Optional[str]) -> None:
    assert not is_valid(SECRET, BODY, signature)


def test_sender_id_is_a_keyed_hash_that_hides_the_user_id() -> None:
    key = user_id_key(explicit_key=None, channel_secret=SECRET)
    sender = sender_id(key, USER_ID)
    assert sender == "line-" + hashed_id(key, USER_ID)
    assert len(sender) == len("line-") + 32
    assert USER_ID not in sender
    assert sender == sender_id(key, USER_ID)  # stable: one conversation per user
    assert sender != sender_id(key, "U" + "0" * 32)
    # A plain (unkeyed) hash would let anyone with the id find the conversation.
    assert hashed_id(key, USER_ID) != hashlib.sha256(USER_ID.encode()).hexdigest()[:32]


def test_an_explicit_key_survives_a_new_channel_secret() -> None:
    derived_old = user_id_key(explicit_key=None, channel_secret=OLD)
    derived_new = user_id_key(explicit_key=None, channel_secret=NEW)
    assert sender_id(derived_old, USER_ID) != sender_id(derived_new, USER_ID)
    explicit_old = user_id_key(explicit_key="k", channel_secret=OLD)
    explicit_new = user_id_key(explicit_key="k", channel_secret=NEW)
    assert sender_id(explicit_old, USER_ID) == sender_id(explicit_new, USER_ID)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_ttl_cache_forgets_after_the_ttl_and_stays_bounded() -> None:
    clock = Clock()
    cache: TtlCache[int] = TtlCache(ttl_s=10, max_entries=3, clock=clock)
    assert cache.add_if_new("a", 1)
    assert not cache.add_if_new("a", 1)
    clock.now = 5
    for key in "bcd":
        cache.put(key, 2)
    assert len(cache) == 3
    assert cache.lookup("a") == (False, None)  # dropped as the oldest
    assert cache.lookup("b") == (True, 2)
    clock.now = 15.1
    assert len(cache) == 0


def test_ttl_cache_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        TtlCache(ttl_s=0, max_entries=1)


@pytest.mark.parametrize(
    ("environ", "missing", "base_url"),
    [
        ({}, ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"], DEFAULT_API_BASE_URL),
        (
            {"LINE_CHANNEL_SECRET": " ", "LINE_CHANNEL_ACCESS_TOKEN": "t"},
            ["LINE_CHANNEL_SECRET"],
            DEFAULT_API_BASE_URL,
        ),
        (
            {
                "LINE_CHANNEL_SECRET": "s",
                "LINE_CHANNEL_ACCESS_TOKEN": "t",
                "LINE_API_BASE_URL": "http://127.0.0.1:15099/",
            },
            [],
            "http://127.0.0.1:15099",
        ),
    ],
    ids=["nothing", "blank-secret", "complete"],
)
def test_settings_come_from_the_environment(
    environ: dict, missing: List[str], base_url: str
) -> None:
    settings = LineSettings.from_env(environ)
    assert settings.missing() == missing
    assert settings.configured is (not missing)
    assert settings.api_base_url == base_url
