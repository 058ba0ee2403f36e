"""The LINE channel: residents ask the town's LINE official account.

Webhook: POST /webhooks/line/webhook (register `bot.channels.line.LineInput`
in credentials.yml; the settings come from the environment, see
`line_config`). Each request is verified (X-Line-Signature) before its body
is parsed, answered 200 at once, and its events are handled in the
background: the bot's messages of a turn are collected and sent in one Reply
API call, or pushed when the reply token has expired.

Rasa sees a keyed hash of the LINE user id as sender id ("line-…") and the
user's LINE language as metadata {"language": ..., "channel": "line"}.
In one-to-one chats the loading animation runs while Rasa prepares the answer
(`line_loading`), and after it the resident is linked to the rich menu of the
language they are answered in (`line_richmenu_links`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import line_events
from bot.channels.guard import MessageGuard, Outcome
from bot.channels.line_api import LineApi, RetryPolicy
from bot.channels.line_config import LineSettings
from bot.channels.line_events import Ignored, Turn, WebhookBodyError
from bot.channels.line_loading import LoadingAnimation
from bot.channels.line_output import CHANNEL_NAME, LineOutput
from bot.channels.line_privacy import sender_id, user_id_key
from bot.channels.line_profiles import ProfileLanguages
from bot.channels.line_richmenu_api import RichMenuApi
from bot.channels.line_richmenu_links import RichMenuLinks, SenderLanguage, slot_language
from bot.channels.line_seen import SeenEvents, seen_events_from_env
from bot.channels.line_signature import is_valid

logger = logging.getLogger(__name__)

__all__ = ["CHANNEL_NAME", "LineInput", "LineOutput"]
SIGNATURE_HEADER = "X-Line-Signature"
SHUTDOWN_DRAIN_TIMEOUT_S = 10.0


class LineInput(InputChannel):
    """Receives LINE webhooks and hands residents' messages to Rasa."""

    @classmethod
    def name(cls) -> Text:
        """The channel name, hence the URL /webhooks/line/webhook."""
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Creates the channel from the environment (credentials.yml holds no secret).

        Args:
            credentials: the credentials.yml entry; ignored (settings are in env).

        Returns:
            The channel; without a secret and token it refuses every webhook.
        """
        settings = LineSettings.from_env()
        if not settings.configured:
            logger.warning(
                "LINE channel: %s not set; /webhooks/line/webhook refuses every request",
                " and ".join(settings.missing()),
            )
        return cls(settings)

    def __init__(
        self,
        settings: LineSettings,
        *,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, immutable
        profile_ttl_s: float = 3600.0,
        guard: Optional[MessageGuard] = None,
        seen_events: Optional[SeenEvents] = None,
        clock: Callable[[], float] = time.time,
        sender_language: Optional[SenderLanguage] = None,
    ) -> None:
        """Creates the channel.

        Args:
            settings: secret, token, API address and user-id hash key.
            retry: retry policy of the Messaging API calls.
            profile_ttl_s: how long a user's LINE language is remembered.
            guard: rate limit, text limits and polite failures (None: from
                the environment, see bot.channels.guard).
            seen_events: the events already answered (None: Redis when
                REDIS_HOST is set, else memory; see bot.channels.line_seen).
            clock: seconds since the epoch (tests pass a fake).
            sender_language: reads a conversation's answer language (None:
                the `language` slot in the tracker store of Rasa's agent).
        """
        self.settings = settings
        self._guard = guard or MessageGuard(CHANNEL_NAME)
        self._api = LineApi(
            base_url=settings.api_base_url,
            data_base_url=settings.api_data_url,
            access_token=settings.access_token or "",
            retry=retry,
        )
        self._id_key = user_id_key(
            explicit_key=settings.user_id_key, channel_secret=settings.channel_secret or ""
        )
        self._languages = ProfileLanguages(self._api, id_key=self._id_key, ttl_s=profile_ttl_s)
        self._seen_events = seen_events or seen_events_from_env()
        self._clock = clock
        self._tasks: Set[asyncio.Task] = set()
        self._loading = LoadingAnimation(self._api, seconds=settings.loading_seconds)
        self._menus = RichMenuLinks(RichMenuApi(self._api), id_key=self._id_key)
        self._sender_language = sender_language
        self._rasa_app: Any = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The routes: GET / (health) and POST /webhook.

        Args:
            on_new_message: Rasa's handler of a user message.

        Returns:
            The Sanic blueprint.
        """
        line_webhook = Blueprint("line_webhook", __name__)

        @line_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.configured else "unconfigured"})

        @line_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            self._rasa_app = request.app  # its ctx.agent holds the tracker store
            return self._receive(request, on_new_message)

        @line_webhook.listener("before_server_stop")
        async def finish(*_: Any) -> None:
            await self.drain(timeout_s=SHUTDOWN_DRAIN_TIMEOUT_S)
            await self._api.close()

        return line_webhook

    def _receive(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """Checks and accepts one webhook request; events are handled in the background."""
        if not self.settings.configured or not self.settings.channel_secret:
            logger.error(
                "LINE webhook refused: %s not set (see README, LINE official account)",
                " and ".join(self.settings.missing()),
            )
            return response.json({"error": "LINE channel not configured"}, status=503)
        body: bytes = request.body or b""
        if not is_valid(self.settings.channel_secret, body, request.headers.get(SIGNATURE_HEADER)):
            logger.warning("LINE webhook refused: missing or wrong %s", SIGNATURE_HEADER)
            return response.json({"error": "invalid signature"}, status=401)
        try:
            events = line_events.read_events(body)
        except WebhookBodyError as error:
            logger.warning("LINE webhook refused: %s", error)
            return response.json({"error": str(error)}, status=400)
        if events:
            task = asyncio.get_running_loop().create_task(self._handle(events, on_new_message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return response.json({})

    async def drain(self, *, timeout_s: Optional[float] = None) -> None:
        """Waits until every event received so far is handled (tests, shutdown).

        Args:
            timeout_s: the longest wait; None waits as long as it takes.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout_s is None else loop.time() + timeout_s
        while self._tasks:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                logger.warning("LINE: %d events still being handled at shutdown", len(self._tasks))
                return
            await asyncio.wait(list(self._tasks), timeout=remaining)

    async def _handle(
        self,
        events: List[Dict[str, Any]],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        for event in events:
            try:
                await self._handle_event(event, on_new_message)
            except Exception:  # one bad event must not stop the others
                logger.exception("LINE: failed to handle a %s event", event.get("type"))

    async def _handle_event(
        self,
        event: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        event_id = event.get("webhookEventId")
        if line_events.is_redelivery(event):
            logger.info("LINE: redelivered event %s not answered again", event_id)
            return
        age_s = line_events.event_age_s(event, now_s=self._clock())
        if age_s is not None and age_s > self.settings.max_event_age_s:
            logger.warning(
                "LINE: event %s is %.0f s old (limit %.0f s, LINE_MAX_EVENT_AGE_S): not answered",
                event_id,
                age_s,
                self.settings.max_event_age_s,
            )
            return
        if isinstance(event_id, str) and not await self._seen_events.first_time(event_id):
            logger.info("LINE: duplicate event %s not answered again", event_id)
            return
        outcome = line_events.to_turn(event)
        if isinstance(outcome, Ignored):
            self._record_ignored(outcome)
            return
        await self._answer(outcome, on_new_message)

    def _record_ignored(self, ignored: Ignored) -> None:
        if ignored.reason == line_events.UNFOLLOW and ignored.user_id:
            logger.info(
                "LINE user %s unfollowed the account (recorded)",
                sender_id(self._id_key, ignored.user_id),
            )
        else:
            logger.debug("LINE: ignored event (%s)", ignored.reason)

    async def _answer(
        self, turn: Turn, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        sender = sender_id(self._id_key, turn.conversation)
        metadata: Dict[str, Any] = {"channel": CHANNEL_NAME}
        language = await self._languages.language(turn.user_id) if turn.user_id else None
        if language:
            metadata["language"] = language
        output = LineOutput(self._api, reply_token=turn.reply_token, push_to=turn.push_to)
        loading = self._loading.start(turn)
        message = UserMessage(
            turn.text,
            output,
            sender,
            input_channel=CHANNEL_NAME,
            message_id=turn.event_id,
            metadata=metadata,
        )
        logger.debug("LINE: %s event from %s", turn.kind, sender)
        # Empty, too long, too many (one notice per flood), no reply or a
        # failure: the guard replies with a polite notice; what the bot said
        # before failing is still sent.
        result = await self._guard.handle(message, on_new_message, notify_rate_limit=False)
        if result.outcome is Outcome.FAILED:
            logger.error("LINE: the bot failed to handle a %s event from %s", turn.kind, sender)
        await self._loading.before_reply(loading)
        await output.flush()
        if turn.one_to_one and turn.user_id:
            await self._menus.follow(turn.user_id, lambda: self._language_of(sender))

    async def _language_of(self, sender: str) -> Optional[str]:
        if self._sender_language is not None:
            return await self._sender_language(sender)
        agent = getattr(getattr(self._rasa_app, "ctx", None), "agent", None)
        return await slot_language(agent, sender)
