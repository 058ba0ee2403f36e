"""A small LINE Messaging API client over aiohttp: reply, push, profile, loading.

The endpoints and payloads follow the LINE Messaging API reference,
https://developers.line.biz/en/reference/messaging-api/. line-bot-sdk is not
used: 3.x needs pydantic 2 and aiohttp >= 3.10, while Rasa 3.6 pins
pydantic < 1.10.10 and aiohttp < 3.10, so they cannot share one environment.

Every call retries on 429, 5xx and network errors with exponential backoff,
honouring `Retry-After`; after the last failure it logs and returns a failed
`ApiResult`. It never raises, so a LINE outage cannot break the webhook. Logs
name the endpoint and the status, never a user id, reply token or text.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional

import aiohttp

logger = logging.getLogger(__name__)

REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
PROFILE_PATH = "/v2/bot/profile/{user_id}"
LOADING_PATH = "/v2/bot/chat/loading/start"
DEFAULT_DATA_BASE_URL = "https://api-data.line.me"
RETRY_KEY_HEADER = "X-Line-Retry-Key"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed call is retried.

    Attributes:
        attempts: calls in all, the first included.
        base_delay_s: the wait after the first failure; doubled after each.
        max_delay_s: the longest wait, `Retry-After` included.
        timeout_s: the time limit of one call.
    """

    attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 10.0
    timeout_s: float = 10.0


@dataclass(frozen=True)
class ApiResult:
    """The outcome of a call.

    Attributes:
        ok: the request was accepted.
        status: the last HTTP status, None when no answer came.
        body: the last answer's JSON (a dict) or None.
        attempts: how many calls were made.
    """

    ok: bool
    status: Optional[int]
    body: Optional[Dict[str, Any]]
    attempts: int

    @property
    def error_message(self) -> str:
        """LINE's `message` field of an error answer, or ''."""
        if isinstance(self.body, dict):
            return str(self.body.get("message", ""))
        return ""


def retry_delay(policy: RetryPolicy, failures: int, retry_after: Optional[str]) -> float:
    """Seconds to wait before the next attempt.

    Args:
        policy: the retry policy.
        failures: failed attempts so far (1 after the first failure).
        retry_after: the answer's `Retry-After` header (seconds or an HTTP date).

    Returns:
        The exponential backoff, or the server's wish when longer, capped at
        `policy.max_delay_s`.
    """
    backoff = policy.base_delay_s * (2 ** (failures - 1))
    asked = _parse_retry_after(retry_after)
    wanted = max(backoff, asked) if asked is not None else backoff
    return max(0.0, min(wanted, policy.max_delay_s))


def _parse_retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


class LineApi:
    """Calls the Messaging API with the channel access token."""

    def __init__(
        self,
        *,
        base_url: str,
        access_token: str,
        data_base_url: str = DEFAULT_DATA_BASE_URL,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, immutable
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """Creates the client; the HTTP session opens on first use.

        Args:
            base_url: the API address, e.g. https://api.line.me.
            access_token: the channel access token.
            data_base_url: the address of uploads and downloads (rich menu
                images), e.g. https://api-data.line.me.
            retry: the retry policy of every call.
            sleep: waits between attempts (replaceable in tests).
        """
        self._base_url = base_url.rstrip("/")
        self._data_base_url = data_base_url.rstrip("/")
        self._access_token = access_token
        self._retry = retry
        self._sleep = sleep
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None

    def _client(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._retry.timeout_s),
                headers={"Authorization": f"Bearer {self._access_token}"},
            )
            self._session_loop = loop
        return self._session

    async def close(self) -> None:
        """Closes the HTTP session (on server shutdown)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def reply(self, reply_token: str, messages: List[Dict[str, Any]]) -> ApiResult:
        """Answers an event with up to five messages (free of charge).

        Args:
            reply_token: the event's reply token (usable once, for a short time).
            messages: LINE message objects.

        Returns:
            The outcome; see `is_invalid_reply_token` for the push fallback.
        """
        body = {"replyToken": reply_token, "messages": messages}
        return await self.call("POST", REPLY_PATH, "reply", json_body=body)

    async def push(self, to: str, messages: List[Dict[str, Any]]) -> ApiResult:
        """Sends up to five messages to a user, group or room at any time.

        One `X-Line-Retry-Key` is used for all attempts, so a retried push is
        delivered at most once (LINE answers 409 to a repeat it already took).

        Args:
            to: the LINE user, group or room id.
            messages: LINE message objects.

        Returns:
            The outcome (409 counts as accepted).
        """
        headers = {RETRY_KEY_HEADER: str(uuid.uuid4())}
        body = {"to": to, "messages": messages}
        return await self.call("POST", PUSH_PATH, "push", json_body=body, headers=headers)

    async def profile(self, user_id: str) -> Optional[Dict[str, Any]]:
        """The user's profile (display name, language, ...), or None if unavailable.

        Only users who added the account as a friend have one.

        Args:
            user_id: the LINE user id.
        """
        path = PROFILE_PATH.format(user_id=user_id)
        result = await self.call("GET", path, "profile", attempts=2)
        return result.body if result.ok else None

    async def show_loading(self, chat_id: str, seconds: int) -> ApiResult:
        """Shows the loading animation in a one-to-one chat (not in groups or rooms).

        It disappears when the bot's next message arrives or after `seconds`.
        Tried once: a late animation is worse than none.

        Args:
            chat_id: the LINE user id.
            seconds: 5 to 60, a multiple of 5.
        """
        body = {"chatId": chat_id, "loadingSeconds": seconds}
        return await self.call("POST", LOADING_PATH, "loading", json_body=body, attempts=1)

    async def call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json_body: Optional[Dict[str, Any]] = None,
        data: Optional[bytes] = None,
        headers: Optional[Mapping[str, str]] = None,
        attempts: Optional[int] = None,
        on_data_host: bool = False,
    ) -> ApiResult:
        """Calls an endpoint with retries; never raises.

        Args:
            method: the HTTP method.
            path: the endpoint path, e.g. /v2/bot/richmenu.
            what: the endpoint's name in logs.
            json_body: a JSON body.
            data: a raw body (e.g. an image; set Content-Type in `headers`).
            headers: extra headers.
            attempts: calls in all (default: the retry policy's).
            on_data_host: call the data address (api-data.line.me) instead.

        Returns:
            The outcome.
        """
        attempts = attempts or self._retry.attempts
        base_url = self._data_base_url if on_data_host else self._base_url
        status: Optional[int] = None
        body: Optional[Dict[str, Any]] = None
        for attempt in range(1, attempts + 1):
            retry_after: Optional[str] = None
            try:
                async with self._client().request(
                    method, base_url + path, json=json_body, data=data, headers=headers
                ) as response:
                    status = response.status
                    retry_after = response.headers.get("Retry-After")
                    body = await _json_or_none(response)
            except (TimeoutError, aiohttp.ClientError) as error:
                status, body = None, None
                failure = type(error).__name__
                logger.warning("LINE %s: attempt %d failed: %s", what, attempt, failure)
            else:
                if 200 <= status < 300 or (status == 409 and RETRY_KEY_HEADER in (headers or {})):
                    return ApiResult(ok=True, status=status, body=body, attempts=attempt)
                if not _retryable(status):
                    result = ApiResult(ok=False, status=status, body=body, attempts=attempt)
                    # A missing profile is normal (not a friend); other refusals are not.
                    level = logging.INFO if what == "profile" else logging.WARNING
                    logger.log(
                        level, "LINE %s refused (HTTP %d): %s", what, status, result.error_message
                    )
                    return result
                logger.warning("LINE %s: attempt %d got HTTP %d", what, attempt, status)
            if attempt < attempts:
                await self._sleep(retry_delay(self._retry, attempt, retry_after))
        logger.error(
            "LINE %s gave up after %d attempts (last status %s)",
            what,
            attempts,
            status if status is not None else "no answer",
        )
        return ApiResult(ok=False, status=status, body=body, attempts=attempts)


def is_invalid_reply_token(result: ApiResult) -> bool:
    """True when the reply failed because the token expired or was already used."""
    return result.status == 400 and "reply token" in result.error_message.lower()


async def _json_or_none(response: aiohttp.ClientResponse) -> Optional[Dict[str, Any]]:
    try:
        data = await response.json(content_type=None)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
