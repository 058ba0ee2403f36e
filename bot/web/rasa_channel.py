"""Rasa's socket.io input channel, with the session fix Rasa 3.6 needs.

Rasa's `session_request` handler calls `AsyncServer.enter_room` without
awaiting it. Since python-socketio 5.10 (the lock has 5.18) that method is a
coroutine, so the browser's socket never joins its session's room and, with
`session_persistence: true`, no bot message reaches it (RasaHQ/rasa#13027).
This channel replaces that handler, and the message handler so that:

- a requested session id must be a plain id (`bot.channels.sender_ids`: at
  most 64 characters, never "line-…"); anything else gets a fresh one, so a
  client cannot overflow the tracker store's 255-character sender column or
  write into another channel's conversation;
- a socket speaks only for the session it was confirmed (a message naming
  another session id goes to the confirmed one);
- the rate limit also counts per client address, read from the request (and
  X-Forwarded-For from TRUSTED_PROXIES, which the web server's relay sets).

Events, paths and credentials keys are Rasa's own, so the community
rasa-webchat widget works with it too.

credentials.yml:  bot.web.rasa_channel.SocketIOInput: {session_persistence: true, ...}
"""

from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from bot.channels.client_address import client_address, trusted_proxies_from_env
from bot.channels.guard import MessageGuard
from bot.channels.sender_ids import sender_id_problem

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
        guard = MessageGuard(self.name())
        blueprint = super().blueprint(guard.wrap(on_new_message))
        sio = self.sio
        if sio is None:
            raise RuntimeError("Rasa's socket.io channel created no server; check rasa's version.")
        trusted = trusted_proxies_from_env()
        # socket id -> the session id confirmed to it (forgotten on disconnect).
        confirmed: Dict[str, str] = {}

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict[str, Any]]) -> None:
            requested = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = usable_session_id(requested) or uuid.uuid4().hex
            confirmed[sid] = session_id
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):  # python-socketio >= 5.10
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug("socket.io session confirmed")

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            confirmed.pop(sid, None)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            sender_id = self._sender_of(sid, data, confirmed)
            if sender_id is None:
                logger.info("socket.io: a message without a usable session id was ignored")
                return
            metadata = data.get(self.metadata_key)
            message = UserMessage(
                data.get("message") if isinstance(data.get("message"), str) else "",
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )
            address = self._client_of(sid, trusted)
            await guard.handle(message, on_new_message, notify_rate_limit=False, client=address)

        return blueprint

    def _sender_of(
        self, sid: str, data: Dict[str, Any], confirmed: Dict[str, str]
    ) -> Optional[str]:
        """The conversation a socket's message belongs to."""
        if not self.session_persistence:
            return sid
        if sid in confirmed:
            return confirmed[sid]
        return usable_session_id(data.get("session_id"))

    def _client_of(self, sid: str, trusted: FrozenSet[str]) -> Optional[str]:
        """The client's address from the socket's handshake request, if known."""
        try:
            environ = self.sio.get_environ(sid, namespace=self.namespace) if self.sio else None
        except (KeyError, ValueError):
            return None
        if not environ:
            return None
        request = environ.get("sanic.request")
        peer = getattr(request, "ip", None)
        return client_address(peer, environ.get("HTTP_X_FORWARDED_FOR"), trusted)


def usable_session_id(value: object) -> Optional[str]:
    """`value` if a client may use it as its conversation id, else None."""
    if isinstance(value, str) and value and sender_id_problem(value) is None:
        return value
    return None
