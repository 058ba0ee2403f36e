"""Which address a request really comes from, trusting only our own proxies.

Behind nginx every request arrives from the proxy's address; the client's is
in X-Forwarded-For. That header is the client's to write, so it is read only
when the request comes from a proxy we run (TRUSTED_PROXIES, default the
loopback addresses, where `make run-scaled`'s nginx and the web server's
relay live), and then from the right: the last address a trusted proxy added
that is not itself a trusted proxy. Everything else uses the peer address.
"""

from __future__ import annotations

import ipaddress
import os
from typing import FrozenSet, Mapping, Optional

DEFAULT_TRUSTED = ("127.0.0.1", "::1")
UNKNOWN = "unknown"


def trusted_proxies_from_env(env: Mapping[str, str] = os.environ) -> FrozenSet[str]:
    """TRUSTED_PROXIES: comma-separated addresses or networks (10.0.0.0/8) of our proxies.

    An empty value trusts no proxy (X-Forwarded-For is then never read).
    """
    raw = env.get("TRUSTED_PROXIES")
    if raw is None:
        return frozenset(DEFAULT_TRUSTED)
    return frozenset(_normal(part) for part in raw.split(",") if part.strip())


def _normal(address: str) -> str:
    text = address.strip().strip("[]")
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)


def client_address(
    peer: Optional[str], forwarded_for: Optional[str], trusted: FrozenSet[str]
) -> str:
    """The client's address.

    Args:
        peer: the address the connection comes from.
        forwarded_for: the X-Forwarded-For header, if any.
        trusted: the addresses of our own proxies.

    Returns:
        The peer, or when the peer is a trusted proxy the right-most forwarded
        address that is not a trusted proxy ("unknown" without a peer).
    """
    if not peer:
        return UNKNOWN
    current = _normal(peer)
    if not is_trusted(current, trusted) or not forwarded_for:
        return current
    for hop in reversed(forwarded_for.split(",")):
        hop_address = _normal(hop)
        if not hop_address:
            continue
        if not is_trusted(hop_address, trusted):
            return hop_address
        current = hop_address
    return current


def is_trusted(address: str, trusted: FrozenSet[str]) -> bool:
    """Whether `address` is one of `trusted` or inside one of its networks."""
    if address in trusted:
        return True
    networks = [entry for entry in trusted if "/" in entry]
    if not networks:
        return False
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in networks:
        try:
            if parsed in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def is_loopback(address: Optional[str]) -> bool:
    """Whether `address` is this machine (our own tools, tests and relays)."""
    if not address:
        return False
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
