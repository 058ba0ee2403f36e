"""The running assistant's back ends answer on loopback only (as `make run` starts them)."""

from __future__ import annotations

import socket
from typing import Optional
from urllib.parse import urlsplit

import pytest

ACTION_PORT = 15055  # tests/e2e/conftest.py

pytestmark = [pytest.mark.model, pytest.mark.servers]


def outside_address() -> Optional[str]:
    """An IPv4 address of this machine other than loopback, if it has one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("service", ["rasa", "actions"])
def test_back_ends_refuse_other_addresses(rasa_url: str, service: str) -> None:
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    port = urlsplit(rasa_url).port if service == "rasa" else ACTION_PORT
    assert port is not None
    assert accepts("127.0.0.1", port), f"{service} is not up on loopback"
    assert not accepts(address, port), f"{service} answers on {address}:{port}"
