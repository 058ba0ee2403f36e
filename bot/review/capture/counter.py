"""The dashboard's message counters, kept off the reply path.

Counting used to be one database write per resident message, awaited before
the bot could answer. `MessageCounter.record` only adds to an in-memory tally;
a background thread adds the tally to the review store every few seconds (and
once more when the process exits). If the database is down the tally is kept
and retried, up to `MAX_PENDING_KEYS` distinct counters, so an outage loses
counts only when it outlasts that. At most the last interval's counts are
lost if the process is killed.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Dict, Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.review.clock import tokyo_day, utc_now
from bot.review.storage.store import ReviewStore

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 5.0
MAX_PENDING_KEYS = 10_000
_EXPECTED_ERRORS = (SQLAlchemyError, OSError, ValueError)


@dataclass(frozen=True)
class CounterKey:
    """What one counter row counts: a Tokyo day, a channel, a language, an intent."""

    day: date
    channel: str
    language: str
    intent: str
    routed: bool


class MessageCounter:
    """Tallies messages in memory and writes the tally to the store in the background."""

    def __init__(
        self,
        store: Callable[[], Optional[ReviewStore]],
        *,
        interval_s: float = FLUSH_INTERVAL_S,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Creates a counter.

        Args:
            store: returns the review store (None while it is unreachable).
            interval_s: seconds between background writes.
            clock: the source of "now".
        """
        self._store = store
        self._interval_s = interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: Counter[CounterKey] = Counter()
        self._moments: Dict[CounterKey, datetime] = {}
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def record(self, *, channel: str, language: str, intent: str, routed: bool) -> None:
        """Counts one message now; no I/O (the background thread writes it)."""
        moment = self._clock()
        key = CounterKey(tokyo_day(moment), channel, language, intent, routed)
        with self._lock:
            if key not in self._pending and len(self._pending) >= MAX_PENDING_KEYS:
                logger.error("Too many unsaved message counters; one message is not counted.")
                return
            self._pending[key] += 1
            self._moments.setdefault(key, moment)
            self._start_once()

    def pending(self) -> int:
        """Messages counted but not yet written."""
        with self._lock:
            return sum(self._pending.values())

    def flush(self) -> int:
        """Writes every pending count to the store now; returns how many messages.

        Counts that could not be written stay pending for the next flush.
        """
        with self._lock:
            batch, self._pending = self._pending, Counter()
            moments, self._moments = self._moments, {}
        if not batch:
            return 0
        store = self._store()
        written = 0
        failed: Counter[CounterKey] = Counter()
        for key, count in batch.items():
            if store is None:
                failed[key] = count
                continue
            try:
                store.count_message(
                    channel=key.channel,
                    language=key.language,
                    intent=key.intent,
                    routed=key.routed,
                    at=moments[key],
                    count=count,
                )
                written += count
            except _EXPECTED_ERRORS as error:
                logger.error("Could not save message counters (%s).", type(error).__name__)
                failed[key] = count
        if failed:
            with self._lock:
                self._pending.update(failed)
                for key in failed:
                    self._moments.setdefault(key, moments[key])
        return written

    def stop(self) -> None:
        """Stops the background thread after a last flush."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=self._interval_s + 5)
        self.flush()

    def _start_once(self) -> None:
        if self._thread is None and not self._stop.is_set():
            self._thread = threading.Thread(
                target=self._run, name="review-message-counter", daemon=True
            )
            self._thread.start()
            atexit.register(self.flush)

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            self.flush()
