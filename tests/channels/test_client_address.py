"""Which address a request comes from: X-Forwarded-For only from our own proxies."""

from __future__ import annotations

from typing import Dict, Optional

import pytest

from bot.channels.client_address import client_address, trusted_proxies_from_env

PROXY = frozenset({"127.0.0.1", "10.0.0.5"})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),  # no proxy
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # a client's own header is ignored
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # through our nginx
        ("127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # forged left part ignored
        ("127.0.0.1", "203.0.113.9, 10.0.0.5", "203.0.113.9"),  # two of our proxies
        ("127.0.0.1", None, "127.0.0.1"),  # a local caller
        ("127.0.0.1", " , ", "127.0.0.1"),
        ("::ffff:127.0.0.1", "203.0.113.9", "203.0.113.9"),  # IPv4-mapped IPv6
        ("[::1]", "2001:db8::1", "::1"),  # ::1 is not in this trusted set
        (None, "203.0.113.9", "unknown"),
    ],
)
def test_client_address(peer: Optional[str], forwarded: Optional[str], expected: str) -> None:
    assert client_address(peer, forwarded, PROXY) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"127.0.0.1", "::1"}),
        ({"TRUSTED_PROXIES": ""}, set()),
        ({"TRUSTED_PROXIES": "10.0.0.5, ::ffff:10.0.0.6"}, {"10.0.0.5", "10.0.0.6"}),
    ],
)
def test_trusted_proxies_from_env(env: Dict[str, str], expected: set) -> None:
    assert trusted_proxies_from_env(env) == expected


def test_proxies_may_be_given_as_networks() -> None:
    pods = frozenset({"10.0.0.0/8"})
    assert client_address("10.42.1.7", "203.0.113.9", pods) == "203.0.113.9"
    assert client_address("10.42.1.7", "203.0.113.9, 10.42.0.3", pods) == "203.0.113.9"
    assert client_address("192.0.2.8", "203.0.113.9", pods) == "192.0.2.8"
