"""LINE user ids are personal data: Rasa and the logs only see a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
from typing import Optional

SENDER_PREFIX = "line-"
HASH_HEX_CHARS = 32
_KEY_DERIVATION_LABEL = b"aisho-dx line user id key v1"


def user_id_key(*, explicit_key: Optional[str], channel_secret: str) -> bytes:
    """The key of the user-id hash.

    Args:
        explicit_key: `LINE_USER_ID_KEY`, when set; keeps sender ids stable
            when the channel secret is reissued.
        channel_secret: used to derive a key when no explicit key is set.

    Returns:
        The key bytes.
    """
    if explicit_key:
        return explicit_key.encode("utf-8")
    return hmac.new(channel_secret.encode("utf-8"), _KEY_DERIVATION_LABEL, hashlib.sha256).digest()


def hashed_id(key: bytes, raw_id: str) -> str:
    """Keyed hash of a LINE id: the first 32 hex characters of HMAC-SHA256.

    Args:
        key: the hash key (see `user_id_key`).
        raw_id: a LINE user id, or a conversation key built from one.

    Returns:
        32 lowercase hexadecimal characters.
    """
    return hmac.new(key, raw_id.encode("utf-8"), hashlib.sha256).hexdigest()[:HASH_HEX_CHARS]


def sender_id(key: bytes, raw_id: str) -> str:
    """The Rasa sender id of a LINE conversation: "line-" and the keyed hash."""
    return SENDER_PREFIX + hashed_id(key, raw_id)
