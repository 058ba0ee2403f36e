"""The `X-Line-Signature` of a webhook request: HMAC-SHA256 of the raw body."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Optional


def sign(channel_secret: str, body: bytes) -> str:
    """Computes the signature LINE sends with a webhook body.

    Args:
        channel_secret: the channel secret.
        body: the request body exactly as received (bytes, before any parsing).

    Returns:
        The base64-encoded HMAC-SHA256 digest.
    """
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid(channel_secret: str, body: bytes, signature: Optional[str]) -> bool:
    """Tells whether `signature` was made for `body` with the channel secret.

    The comparison takes constant time, so a forged signature cannot be
    guessed byte by byte from response times.

    Args:
        channel_secret: the channel secret.
        body: the raw request body.
        signature: the `X-Line-Signature` header, or None when it is missing.

    Returns:
        True only for a present and matching signature.
    """
    if not signature:
        return False
    expected = sign(channel_secret, body)
    return hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8"))
