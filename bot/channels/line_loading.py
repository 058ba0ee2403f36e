"""The loading animation while the bot prepares an answer (one-to-one chats only).

https://developers.line.biz/en/docs/messaging-api/use-loading-indicator/
The call runs beside Rasa, never in its way: it is started when an event
arrives and awaited (at most `wait_cap_s`) only just before the reply goes out,
so the animation cannot start after the answer. LINE removes it when the
answer arrives. Failures are logged by the client and otherwise ignored.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

from bot.channels.line_api import ApiResult, LineApi
from bot.channels.line_events import Turn

logger = logging.getLogger(__name__)

DEFAULT_WAIT_CAP_S = 1.0


class LoadingAnimation:
    """Starts the animation for a turn and keeps it ahead of the reply."""

    def __init__(self, api: LineApi, *, seconds: int, wait_cap_s: float = DEFAULT_WAIT_CAP_S):
        """Creates the helper.

        Args:
            api: the Messaging API client.
            seconds: how long the animation may last (5 to 60, step 5); 0 turns it off.
            wait_cap_s: the longest a reply waits for the animation's call.
        """
        self._api = api
        self._seconds = seconds
        self._wait_cap_s = wait_cap_s

    def start(self, turn: Turn) -> Optional[asyncio.Task[ApiResult]]:
        """Starts the call for a one-to-one chat; None for groups, rooms, or when off."""
        if self._seconds <= 0 or not turn.one_to_one or not turn.user_id:
            return None
        return asyncio.get_running_loop().create_task(
            self._api.show_loading(turn.user_id, self._seconds)
        )

    async def before_reply(self, call: Optional[asyncio.Task[ApiResult]]) -> None:
        """Lets the animation's call finish first (at most `wait_cap_s`), then gives up on it."""
        if call is None:
            return
        done, _ = await asyncio.wait({call}, timeout=self._wait_cap_s)
        if not done:
            call.cancel()
            logger.info(
                "LINE loading: no answer within %.1f s; reply sent anyway", self._wait_cap_s
            )
