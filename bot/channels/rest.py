"""Rasa's REST channel, hardened for the public internet.

POST /webhooks/rest/webhook {"sender": "...", "message": "...", "metadata": {...}}
answers a JSON list of bot messages, as Rasa's own channel does
(credentials.yml: `bot.channels.rest.RestInput:` in place of `rest:`). On top:

- a body that is not a JSON object in UTF-8, a wrong Content-Type, a missing
  or unusable sender (`bot.channels.sender_ids`: short, plain, never another
  channel's "line-…"), or a message that is not text: 400 with {"error": ...};
- the channel is always "rest": a client-supplied `input_channel` is ignored,
  so nobody is counted as LINE or the website on the dashboard;
- a per-client-address limit next to the per-sender one (X-Forwarded-For read
  only from TRUSTED_PROXIES, `bot.channels.client_address`);
- empty, too long or too many messages: a polite notice as the bot's answer
  (200; 429 with Retry-After when over the rate limit), never passed on;
- the bot answering nothing: the same notice with the office's phone (200);
- the bot failing (lock store, tracker store down): that notice with 503.

Never a 500; the message text is never logged.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional, Text, Tuple, Union

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.channels.client_address import client_address, trusted_proxies_from_env
from bot.channels.guard import MessageGuard, Outcome
from bot.channels.limits import clean_text
from bot.channels.sender_ids import sender_id_problem

logger = logging.getLogger(__name__)

CHANNEL_NAME = "rest"
JSON_TYPE = "application/json"
STATUS = {Outcome.RATE_LIMITED: 429, Outcome.FAILED: 503}


class BadRequestError(ValueError):
    """The request cannot be read; the message is sent back as the error."""


class RestInput(RasaRestInput):
    """Rasa's REST channel with input checks, rate limiting and polite failures."""

    @classmethod
    def name(cls) -> Text:
        """The channel name, hence the URL /webhooks/rest/webhook."""
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Creates the channel; its limits come from the environment.

        Args:
            credentials: the credentials.yml entry; unused.

        Returns:
            The channel.
        """
        return cls()

    def __init__(
        self, guard: Optional[MessageGuard] = None, trusted_proxies: Optional[FrozenSet[str]] = None
    ) -> None:
        """Creates the channel.

        Args:
            guard: rate limit and text limits (None: from the environment).
            trusted_proxies: our proxies' addresses (None: TRUSTED_PROXIES).
        """
        self.guard = guard or MessageGuard(CHANNEL_NAME)
        self.trusted_proxies = (
            trusted_proxies_from_env() if trusted_proxies is None else trusted_proxies
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The routes: GET / (health) and POST /webhook.

        Args:
            on_new_message: Rasa's handler of a user message.

        Returns:
            The Sanic blueprint.
        """
        rest_webhook = Blueprint("custom_webhook_RestInput", __name__)

        @rest_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[HTTPResponse, ResponseStream]:
            try:
                body = read_body(request)
                sender, text, metadata = parse_body(body)
            except BadRequestError as error:
                logger.info("REST: request refused (%s)", error)
                return response.json({"error": str(error)}, status=400)
            address = client_address(
                request.ip,
                request.headers.get("x-forwarded-for"),
                self.trusted_proxies,
            )
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(
                        self.guard.wrap(on_new_message, client=address),
                        text,
                        sender,
                        CHANNEL_NAME,
                        metadata,
                    ),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender, input_channel=CHANNEL_NAME, metadata=metadata
            )
            result = await self.guard.handle(message, on_new_message, client=address)
            headers = {}
            if result.outcome is Outcome.RATE_LIMITED:
                headers["Retry-After"] = str(max(1, math.ceil(result.retry_after_s)))
            return response.json(
                collector.messages, status=STATUS.get(result.outcome, 200), headers=headers
            )

        return rest_webhook


def read_body(request: Request) -> Dict[str, Any]:
    """The request's JSON object.

    Args:
        request: the HTTP request.

    Returns:
        The decoded object.

    Raises:
        BadRequestError: wrong Content-Type, not UTF-8, not JSON, or not an object.
    """
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != JSON_TYPE:
        raise BadRequestError(f"send Content-Type: {JSON_TYPE}")
    try:
        body = json.loads((request.body or b"").decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadRequestError("the body is not valid UTF-8") from error
    except json.JSONDecodeError as error:
        raise BadRequestError("the body is not valid JSON") from error
    if not isinstance(body, dict):
        raise BadRequestError('send a JSON object: {"sender": ..., "message": ...}')
    return body


def parse_body(body: Dict[str, Any]) -> Tuple[str, str, Optional[Dict[str, Any]]]:
    """Sender, message and metadata of a REST request.

    Args:
        body: the request's JSON object.

    Returns:
        The sender id, the message text (not yet cleaned) and the metadata
        (None when absent or not an object).

    Raises:
        BadRequestError: the sender is missing, empty, too long or not text, or
            the message is missing or not text.
    """
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not clean_text(sender).strip():
        raise BadRequestError('"sender" is missing: send {"sender": "<conversation id>", ...}')
    problem = sender_id_problem(sender)
    if problem:
        raise BadRequestError(f'"sender": {problem}')
    text = body.get("message")
    if not isinstance(text, str):
        raise BadRequestError('"message" must be text: send {"sender": ..., "message": "..."}')
    metadata = body.get("metadata")
    return sender, text, metadata if isinstance(metadata, dict) else None
