"""The guard every public channel puts between a resident and the bot.

For each message: the client address's rate limit (when the channel knows the
address), the sender's, then the text limits
(`bot.channels.limits`), then the bot. The resident always gets an answer:
a polite notice (`bot.channels.notices`) when the message is refused, when
the bot produced no reply at all (e.g. the action server is down: Rasa logs
the error and predicts nothing), or when handling it raised (e.g. Redis, the
lock store, or the tracker store is unreachable). Logs name the channel and
what happened, never the message text.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.client_address import is_loopback
from bot.channels.limits import InputLimits, Verdict, check_text
from bot.channels.notices import Notice, notice_language, notice_text
from bot.channels.rate_limit import (
    Decision,
    RateLimiter,
    address_rate_limiter_from_env,
    rate_limiter_from_env,
)

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]


class Outcome(enum.Enum):
    """What became of one message."""

    ANSWERED = "answered"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    RATE_LIMITED = "rate_limited"
    NO_REPLY = "no_reply"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    """The outcome of one message.

    Attributes:
        outcome: what happened.
        retry_after_s: for RATE_LIMITED, seconds until the sender may write again.
    """

    outcome: Outcome
    retry_after_s: float = 0.0


class CountingOutput(OutputChannel):
    """Passes the bot's messages to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        """Wraps `inner`.

        Args:
            inner: the channel's own output channel.
        """
        self.inner = inner
        self.sent = 0
        # Rasa picks channel-specific responses by output_channel.name().
        self.name = inner.name  # type: ignore[method-assign]

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Counts, then sends through the real output channel."""
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


class MessageGuard:
    """Rate limit, text limits and a polite answer whatever happens."""

    def __init__(
        self,
        channel: str,
        *,
        limits: Optional[InputLimits] = None,
        rate_limiter: Optional[RateLimiter] = None,
        address_limiter: Optional[RateLimiter] = None,
        town_dir: Optional[Path] = None,
    ) -> None:
        """Creates the guard of one channel.

        Args:
            channel: the channel name, for logs and rate-limit keys.
            limits: the text limits (None: from MAX_MESSAGE_CHARS).
            rate_limiter: the per-sender buckets (None: from RATE_LIMIT_* and REDIS_*).
            address_limiter: the per-client-address buckets (None: from
                RATE_LIMIT_ADDRESS_* and REDIS_*).
            town_dir: the folder of contact.yml (None: TOWN_DIR or ./town).
        """
        self.channel = channel
        self.limits = limits or InputLimits.from_env()
        self.rate_limiter = rate_limiter or rate_limiter_from_env()
        self.address_limiter = address_limiter or address_rate_limiter_from_env()
        self.town_dir = town_dir

    def notice(self, notice: Notice, message: UserMessage) -> str:
        """The text of a notice in the language of `message`."""
        language = notice_language(message.text or "", message.metadata)
        return notice_text(notice, language, limit=self.limits.max_chars, town_dir=self.town_dir)

    async def _say(self, notice: Notice, message: UserMessage) -> None:
        # send_response works on every output channel, wrapped ones included.
        await message.output_channel.send_response(
            message.sender_id or "", {"text": self.notice(notice, message)}
        )

    async def _rate_decision(self, message: UserMessage, client: Optional[str]) -> Decision:
        # Loopback is our own relay, tools and tests: limited per sender only.
        if client and not is_loopback(client):
            by_address = await self.address_limiter.hit(f"{self.channel}:addr:{client}")
            if not by_address.allowed:
                return by_address
        return await self.rate_limiter.hit(f"{self.channel}:{message.sender_id}")

    async def handle(
        self,
        message: UserMessage,
        on_new_message: Handler,
        *,
        notify_rate_limit: bool = True,
        client: Optional[str] = None,
    ) -> Result:
        """Handles one message; notices go to `message.output_channel`.

        Args:
            message: the resident's message (its text is cleaned in place).
            on_new_message: Rasa's handler.
            notify_rate_limit: False sends the rate-limit notice only on the
                first refusal of a flood (channels that push, not reply).
            client: the client's address, when the channel knows it.

        Returns:
            What happened, for the channel's status code.
        """
        decision = await self._rate_decision(message, client)
        if not decision.allowed:
            logger.info("%s: message refused by the rate limit", self.channel)
            if notify_rate_limit or decision.notify:
                await self._say(Notice.RATE_LIMITED, message)
            return Result(Outcome.RATE_LIMITED, decision.retry_after_s)
        checked = check_text(message.text or "", self.limits)
        message.text = checked.text
        if checked.verdict is Verdict.EMPTY:
            await self._say(Notice.EMPTY, message)
            return Result(Outcome.EMPTY)
        if checked.verdict is Verdict.TOO_LONG:
            logger.info(
                "%s: message of %d characters refused (limit %d)",
                self.channel,
                len(checked.text),
                self.limits.max_chars,
            )
            await self._say(Notice.TOO_LONG, message)
            return Result(Outcome.TOO_LONG)
        return await self._process(message, on_new_message)

    async def _process(self, message: UserMessage, on_new_message: Handler) -> Result:
        output = message.output_channel
        counting = CountingOutput(output)
        message.output_channel = counting
        try:
            await on_new_message(message)
        except Exception as error:  # any failure: the resident still gets an answer
            logger.error(
                "%s: the bot could not handle a message (%s: %s); sent the 'unavailable' notice",
                self.channel,
                type(error).__name__,
                error,
            )
            logger.debug("%s: traceback of the failure", self.channel, exc_info=True)
            message.output_channel = output
            await self._say(Notice.UNAVAILABLE, message)
            return Result(Outcome.FAILED)
        message.output_channel = output
        if counting.sent == 0:
            logger.warning(
                "%s: the bot produced no reply (is the action server up?); "
                "sent the 'unavailable' notice",
                self.channel,
            )
            await self._say(Notice.UNAVAILABLE, message)
            return Result(Outcome.NO_REPLY)
        return Result(Outcome.ANSWERED)

    def wrap(self, on_new_message: Handler, *, client: Optional[str] = None) -> Handler:
        """Rasa's handler behind this guard, for channels that need no status.

        Args:
            on_new_message: Rasa's handler.
            client: the client's address, when the channel knows it.

        Returns:
            A handler that guards each message and notifies a flood once.
        """

        async def guarded(message: UserMessage) -> None:
            await self.handle(message, on_new_message, notify_rate_limit=False, client=client)

        return guarded
