"""LINE webhook bodies -> what the bot should hear, or why an event is ignored.

Webhook format: https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
Stateless: duplicate event ids are tracked by the channel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Union

GREET_PAYLOAD = "/greet"
NON_TEXT_PAYLOAD = "/non_text_message"
NON_TEXT_MESSAGE_TYPES = frozenset({"sticker", "image", "video", "audio", "file", "location"})
UNFOLLOW = "unfollow"


class WebhookBodyError(ValueError):
    """The (correctly signed) body is not a LINE webhook body."""


@dataclass(frozen=True)
class Turn:
    """One event the bot answers.

    Attributes:
        text: what Rasa receives (a text or an intent payload like "/greet").
        kind: the event kind, for logs ("text", "postback", "follow", ...).
        reply_token: the event's reply token.
        user_id: the LINE user id, when LINE gives it (personal data).
        push_to: where a push goes when the reply token expired: the user,
            or the group or room the message came from.
        conversation: the raw key of the Rasa conversation: the user id in a
            one-to-one chat, "group:<id>:<user>" or "room:<id>:<user>" otherwise.
        event_id: the webhook event id.
        one_to_one: the event comes from a one-to-one chat (source type
            "user"), not a group or room.
    """

    text: str
    kind: str
    reply_token: Optional[str]
    user_id: Optional[str]
    push_to: Optional[str]
    conversation: str
    event_id: Optional[str]
    one_to_one: bool


@dataclass(frozen=True)
class Ignored:
    """An event the bot does not answer.

    Attributes:
        reason: why, for logs (no personal data).
        user_id: the LINE user id, when the channel records the event (unfollow).
    """

    reason: str
    user_id: Optional[str] = None


def read_events(body: bytes) -> List[Dict[str, Any]]:
    """The events of a webhook body (after its signature was checked).

    Args:
        body: the raw request body.

    Returns:
        The event objects; empty for the console's verification request.

    Raises:
        WebhookBodyError: the body is not JSON with an "events" list.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WebhookBodyError("the webhook body is not UTF-8 JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise WebhookBodyError('the webhook body has no "events" list')
    return [event for event in data["events"] if isinstance(event, dict)]


def event_age_s(event: Mapping[str, Any], *, now_s: float) -> Optional[float]:
    """Seconds since the event happened (its `timestamp`, in ms), or None without one."""
    stamp = event.get("timestamp")
    if isinstance(stamp, bool) or not isinstance(stamp, (int, float)):
        return None
    return now_s - stamp / 1000.0


def is_redelivery(event: Mapping[str, Any]) -> bool:
    """True for an event LINE sends again because an earlier delivery seemed to fail."""
    context = event.get("deliveryContext")
    return isinstance(context, dict) and context.get("isRedelivery") is True


def _without_self_mentions(text: str, mentionees: List[Dict[str, Any]]) -> str:
    """The text with the "@account" mentions of this bot removed."""
    spans = sorted(
        (m["index"], m["length"])
        for m in mentionees
        if m.get("isSelf") is True
        and isinstance(m.get("index"), int)
        and isinstance(m.get("length"), int)
    )
    units = text.encode("utf-16-le")  # LINE counts positions in UTF-16 code units
    for index, length in reversed(spans):
        units = units[: 2 * index] + units[2 * (index + length) :]
    return " ".join(units.decode("utf-16-le", errors="ignore").split())


def _addressed_text(message: Mapping[str, Any], in_group: bool) -> Optional[str]:
    """The text of a message meant for the bot, or None when not meant for it."""
    text = str(message.get("text") or "")
    if not in_group:
        return text
    mention = message.get("mention")
    mentionees = mention.get("mentionees") if isinstance(mention, dict) else None
    if not isinstance(mentionees, list):
        return None
    mentionees = [m for m in mentionees if isinstance(m, dict)]
    if not any(m.get("isSelf") is True for m in mentionees):
        return None
    return _without_self_mentions(text, mentionees)


def to_turn(event: Mapping[str, Any]) -> Union[Turn, Ignored]:
    """What the bot should hear for one event.

    - a text message -> its text (in a group or room only when the bot is
      mentioned, without the mention);
    - a sticker, image, video, audio, file or location -> "/non_text_message"
      (one-to-one chats only);
    - a postback (a quick reply was tapped) -> its data, e.g. "/ask_contact";
    - follow (added as a friend, or unblocked) -> "/greet";
    - unfollow -> ignored, but recorded by the channel;
    - anything else, and events in standby mode -> ignored.

    Args:
        event: one webhook event object.

    Returns:
        A `Turn` to answer, or `Ignored` with the reason.
    """
    kind = str(event.get("type") or "")
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    source_type = str(source.get("type") or "")
    user_id = source.get("userId") if isinstance(source.get("userId"), str) else None
    if kind == UNFOLLOW:
        return Ignored(reason=UNFOLLOW, user_id=user_id)
    if event.get("mode", "active") != "active":
        return Ignored(reason="standby mode")
    group_id = source.get("groupId") or source.get("roomId")
    in_group = source_type in ("group", "room")
    if in_group and not isinstance(group_id, str):
        return Ignored(reason="group event without a group id")
    if not in_group and user_id is None:
        return Ignored(reason="event without a user id")

    if kind == "message":
        message = event.get("message") if isinstance(event.get("message"), dict) else {}
        message_type = str(message.get("type") or "")
        if message_type == "text":
            text = _addressed_text(message, in_group)
            if text is None:
                return Ignored(reason="group message not addressed to the bot")
        elif message_type in NON_TEXT_MESSAGE_TYPES and not in_group:
            text, kind = NON_TEXT_PAYLOAD, message_type
        else:
            return Ignored(reason=f"{message_type or 'unknown'} message")
        kind = "text" if message_type == "text" else kind
    elif kind == "postback":
        postback = event.get("postback") if isinstance(event.get("postback"), dict) else {}
        text = str(postback.get("data") or "")
        if not text:
            return Ignored(reason="postback without data")
    elif kind == "follow" and not in_group:
        text = GREET_PAYLOAD
    else:
        return Ignored(reason=f"{kind or 'unknown'} event")

    if in_group:
        conversation = f"{source_type}:{group_id}:{user_id or ''}"
        push_to: Optional[str] = group_id
    else:
        conversation, push_to = str(user_id), user_id
    reply_token = event.get("replyToken")
    event_id = event.get("webhookEventId")
    return Turn(
        text=text,
        kind=kind,
        reply_token=reply_token if isinstance(reply_token, str) else None,
        user_id=user_id,
        push_to=push_to,
        conversation=conversation,
        event_id=event_id if isinstance(event_id, str) else None,
        one_to_one=source_type == "user",
    )
