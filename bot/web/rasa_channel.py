"""Rasa's socket.io input channel, with the session fix Rasa 3.6 needs.

Rasa's `session_request` handler calls `AsyncServer.enter_room` without
awaiting it. Since python-socketio 5.10 (the lock has 5.18) that method is a
coroutine, so the browser's socket never joins its session's room and, with
`session_persistence: true`, no bot message reaches it (RasaHQ/rasa#13027).
This channel replaces only that handler. Events, paths and credentials keys
are Rasa's own, so the community rasa-webchat widget works with it too.

credentials.yml:  bot.web.rasa_channel.SocketIOInput: {session_persistence: true, ...}
"""

from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot.channels.guard import MessageGuard

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel whose sockets really join their session's room."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with `session_request` replaced.

        Args:
            on_new_message: Rasa's handler of incoming messages.

        Returns:
            The Sanic blueprint serving socket.io.
        """
        # Limits, rate limiting and a notice instead of silence, as on REST and LINE.
        blueprint = super().blueprint(MessageGuard(self.name()).wrap(on_new_message))
        sio = self.sio
        if sio is None:
            raise RuntimeError("Rasa's socket.io channel created no server; check rasa's version.")

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict[str, Any]]) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):  # python-socketio >= 5.10
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug("socket.io session confirmed")

        return blueprint
