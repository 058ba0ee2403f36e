"""Staff password hashes: scrypt from the standard library.

Format: ``scrypt$n$r$p$salt$hash`` (salt and hash in URL-safe base64), so
the cost can be raised later while old hashes keep verifying. The cost is
OWASP's minimum for scrypt (n=2^17, r=8, p=1: 128 MB and about a third of a
second per check here); a hash made with a lower cost is replaced at the
user's next successful login (`needs_rehash`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from typing import Optional

logger = logging.getLogger(__name__)

SCHEME = "scrypt"
COST_N = 2**17
BLOCK_R = 8
PARALLEL_P = 1
KEY_LENGTH = 32
MIN_PASSWORD_LENGTH = 12
_MAX_N = 2**20


class PasswordError(ValueError):
    """A password that may not be used."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=length,
        maxmem=256 * 1024 * 1024,
    )


def check_password_strength(password: str) -> None:
    """Refuses passwords staff must not use.

    Raises:
        PasswordError: shorter than 12 characters or only whitespace.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if not password.strip():
        raise PasswordError("The password must not be only spaces.")


def hash_password(password: str) -> str:
    """Returns the scrypt hash of `password` with a fresh random salt.

    Args:
        password: the plain password.

    Returns:
        ``scrypt$n$r$p$salt$hash``.
    """
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, COST_N, BLOCK_R, PARALLEL_P, KEY_LENGTH)
    return f"{SCHEME}${COST_N}${BLOCK_R}${PARALLEL_P}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> Optional[tuple]:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 16 and digest):
        return None
    return n, r, p, salt, digest


def verify_password(password: str, encoded: Optional[str]) -> bool:
    """True when `password` matches `encoded` (constant-time comparison).

    A missing or malformed hash never matches, but costs the same work, so
    an unknown user cannot be told apart by timing.

    Args:
        password: the password typed at login.
        encoded: the stored hash, or None for an unknown user.

    Returns:
        Whether the password is right.
    """
    parsed = _parse(encoded) if encoded else None
    if parsed is None:
        _scrypt(password, b"0" * 16, COST_N, BLOCK_R, PARALLEL_P, KEY_LENGTH)
        if encoded:
            logger.warning("A staff password hash is malformed; expected scrypt$n$r$p$salt$hash.")
        return False
    n, r, p, salt, digest = parsed
    candidate = _scrypt(password, salt, n, r, p, len(digest))
    return hmac.compare_digest(candidate, digest)


def needs_rehash(encoded: str) -> bool:
    """Whether a (valid) hash was made with less than today's cost."""
    parsed = _parse(encoded)
    if parsed is None:
        return False
    n, r, _, _, _ = parsed
    return n < COST_N or r < BLOCK_R
