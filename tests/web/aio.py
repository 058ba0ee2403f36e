"""Runs a coroutine to completion from a synchronous test.

In its own thread, so it works even while Playwright's sync API (used by the
browser tests of the same session) keeps an event loop running in this one.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Returns what `coroutine` returns, run in a new event loop."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()
