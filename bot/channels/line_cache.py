"""A bounded in-memory cache whose entries expire (seen event ids, profile languages)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable, Generic, Hashable, Optional, Tuple, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    """Keeps at most `max_entries` entries, each for `ttl_s` seconds.

    When full, the oldest entry is dropped, so memory stays bounded whatever
    the traffic. Not shared between processes: each Rasa instance has its own.
    """

    def __init__(
        self,
        *,
        ttl_s: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Creates an empty cache.

        Args:
            ttl_s: how long an entry lives, in seconds.
            max_entries: the most entries kept.
            clock: monotonic seconds (replaceable in tests).
        """
        if ttl_s <= 0 or max_entries <= 0:
            raise ValueError("ttl_s and max_entries must be positive.")
        self._ttl_s = ttl_s
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, Tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        while self._entries:
            key, (expires_at, _) = next(iter(self._entries.items()))
            if expires_at > now:
                break
            del self._entries[key]

    def lookup(self, key: Hashable) -> Tuple[bool, Optional[V]]:
        """Finds a live entry.

        Args:
            key: the entry's key.

        Returns:
            (True, value) when present and not expired, else (False, None).
        """
        self._expire()
        if key in self._entries:
            return True, self._entries[key][1]
        return False, None

    def put(self, key: Hashable, value: V) -> None:
        """Stores or refreshes an entry, dropping the oldest one when full."""
        self._expire()
        self._entries.pop(key, None)
        self._entries[key] = (self._clock() + self._ttl_s, value)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def add_if_new(self, key: Hashable, value: V) -> bool:
        """Stores the key unless it is already present.

        Returns:
            True when the key was new (and is now stored), False when seen before.
        """
        found, _ = self.lookup(key)
        if found:
            return False
        self.put(key, value)
        return True
