"""Which conversation ids a client may choose (REST `sender`, socket.io `session_id`).

A conversation id becomes Rasa's `sender_id`: the tracker store's key (a
255-character column) and the rate limit's. A client may pick its own, but
only short, plain ids, and never one of the forms our other channels make:
"line-…" is a LINE resident's conversation (keyed hash of the LINE user), so
a REST caller who claimed it would write into that resident's conversation
and be counted as LINE on the dashboard.
"""

from __future__ import annotations

import re
from typing import Optional

MAX_SENDER_CHARS = 64
# Letters, digits and - _ . : @, starting with a letter or digit.
SENDER_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]*")
RESERVED_PREFIXES = ("line-",)


def sender_id_problem(value: str) -> Optional[str]:
    """Why `value` cannot be a client-chosen conversation id, or None when it can."""
    if len(value) > MAX_SENDER_CHARS:
        return f"at most {MAX_SENDER_CHARS} characters"
    if not SENDER_PATTERN.fullmatch(value):
        return "only letters, digits and - _ . : @, starting with a letter or digit"
    if value.lower().startswith(RESERVED_PREFIXES):
        return f"ids starting with {', '.join(RESERVED_PREFIXES)} belong to another channel"
    return None
