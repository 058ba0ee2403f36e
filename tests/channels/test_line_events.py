"""Webhook events -> what the bot hears, or why it stays silent."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

import pytest

from bot.channels.line_events import (
    Ignored,
    Turn,
    WebhookBodyError,
    is_redelivery,
    read_events,
    to_turn,
)
from tests.channels.line_fakes import (
    GROUP_ID,
    USER_ID,
    follow,
    group_text,
    non_text,
    postback,
    redelivered,
    text,
    unfollow,
)


def room_text(message: str) -> Dict[str, Any]:
    event = group_text(message, mentions_bot=True)
    return {**event, "source": {"type": "room", "roomId": "R0123", "userId": USER_ID}}


@pytest.mark.parametrize(
    ("event", "heard", "kind"),
    [
        (text("DXポリシーの期間は？"), "DXポリシーの期間は？", "text"),
        (text(""), "", "text"),
        (postback("/ask_contact"), "/ask_contact", "postback"),
        (follow(), "/greet", "follow"),
        (non_text("sticker"), "/non_text_message", "sticker"),
        (non_text("image"), "/non_text_message", "image"),
        (non_text("location"), "/non_text_message", "location"),
        (group_text("期間は？", mentions_bot=True), "期間は？", "text"),
        (group_text("期間は？", mentions_bot=True, mention="@Aisho 🙂 bot"), "期間は？", "text"),
        (room_text("連絡先"), "連絡先", "text"),
    ],
    ids=[
        "text",
        "empty-text",
        "postback",
        "follow",
        "sticker",
        "image",
        "location",
        "group-mention",
        "group-mention-emoji",
        "room-mention",
    ],
)
def test_events_the_bot_answers(event: Dict[str, Any], heard: str, kind: str) -> None:
    turn = to_turn(event)
    assert isinstance(turn, Turn)
    assert (turn.text, turn.kind) == (heard, kind)
    assert turn.reply_token == event["replyToken"]
    assert turn.event_id == event["webhookEventId"]


def test_one_to_one_and_group_conversations_are_kept_apart() -> None:
    private = to_turn(text("期間は？"))
    group = to_turn(group_text("期間は？", mentions_bot=True))
    assert isinstance(private, Turn) and isinstance(group, Turn)
    assert (private.conversation, private.push_to) == (USER_ID, USER_ID)
    assert group.conversation == f"group:{GROUP_ID}:{USER_ID}"
    assert group.push_to == GROUP_ID
    assert group.user_id == USER_ID


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (group_text("期間は？", mentions_bot=False), "group message not addressed to the bot"),
        (
            {**group_text("期間は？", mentions_bot=True), "message": {"type": "text", "text": "x"}},
            "group message not addressed to the bot",
        ),
        (non_text("sticker", source={"type": "group", "groupId": GROUP_ID}), "sticker message"),
        ({**text("期間は？"), "mode": "standby"}, "standby mode"),
        ({**follow(), "type": "join"}, "join event"),
        ({**text("x"), "source": {"type": "user"}}, "event without a user id"),
        ({**postback(""), "postback": {}}, "postback without data"),
        ({"type": "message", "message": {"type": "text", "text": "x"}}, "event without a user id"),
    ],
    ids=[
        "group-no-mention",
        "group-no-mention-field",
        "group-sticker",
        "standby",
        "join",
        "no-user",
        "empty-postback",
        "no-source",
    ],
)
def test_events_the_bot_ignores(event: Dict[str, Any], reason: str) -> None:
    assert to_turn(event) == Ignored(reason=reason)


def test_unfollow_is_ignored_but_carries_the_user_for_the_record() -> None:
    assert to_turn(unfollow()) == Ignored(reason="unfollow", user_id=USER_ID)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (text("x"), False),
        (redelivered(text("x")), True),
        ({"type": "message"}, False),
        ({"deliveryContext": {"isRedelivery": "true"}}, False),
    ],
)
def test_redelivery_flag(event: Dict[str, Any], expected: bool) -> None:
    assert is_redelivery(event) is expected


def test_read_events_keeps_event_objects() -> None:
    body = json.dumps({"destination": "U1", "events": [text("x"), "junk", follow()]}).encode()
    assert [event["type"] for event in read_events(body)] == ["message", "follow"]
    assert read_events(b'{"destination": "U1", "events": []}') == []


@pytest.mark.parametrize(
    "body", [b"", b"{", b"\xff", b"null", b"[]", b'{"events": null}', b'{"destination": "U1"}']
)
def test_read_events_refuses_what_is_not_a_webhook_body(body: Optional[bytes]) -> None:
    with pytest.raises(WebhookBodyError):
        read_events(body or b"")
