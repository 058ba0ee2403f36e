"""Rasa bot messages -> LINE message objects, within LINE's limits.

- texts are split at 5,000 characters (LINE counts UTF-16 code units);
- at most five messages go in one request: adjacent texts are merged first,
  and what still does not fit goes in further batches (sent by push);
- buttons become quick replies on the last message (at most 13, labels cut to
  20 characters). A button whose payload is a link (tel:, http://, https://)
  opens it (URI action); any other sends its payload back as a postback and
  shows its title in the chat.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional, Sequence

logger = logging.getLogger(__name__)

MAX_TEXT_UNITS = 5000
MAX_MESSAGES_PER_REQUEST = 5
MAX_QUICK_REPLY_ITEMS = 13
MAX_LABEL_CHARS = 20
MAX_POSTBACK_DATA_CHARS = 300
MAX_DISPLAY_TEXT_CHARS = 300
MAX_URI_CHARS = 1000
LINK_PREFIXES = ("tel:", "http://", "https://")
MERGE_SEPARATOR = "\n\n"

LineMessage = Dict[str, Any]


def utf16_len(text: str) -> int:
    """Length as LINE counts it: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT_UNITS) -> List[str]:
    """Cuts a text into pieces LINE accepts, at a line break when one is near.

    Args:
        text: the text; may be longer than the limit.
        limit: the most UTF-16 code units per piece.

    Returns:
        The pieces in order; nothing but the line breaks at the cuts is dropped.
    """
    pieces: List[str] = []
    rest = text
    while utf16_len(rest) > limit:
        cut, units = 0, 0
        while units + utf16_len(rest[cut]) <= limit:
            units += utf16_len(rest[cut])
            cut += 1
        cut = max(cut, 1)
        newline = rest.rfind("\n", 0, cut)
        if newline > cut // 2:
            cut = newline
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest:
        pieces.append(rest)
    return pieces


def label(title: str) -> str:
    """A button title cut to LINE's 20-character label limit."""
    title = " ".join(title.split())
    if len(title) <= MAX_LABEL_CHARS:
        return title
    return title[: MAX_LABEL_CHARS - 1] + "…"


def button_action(button: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The LINE action of a Rasa button, or None when LINE cannot carry it.

    Args:
        button: a Rasa button, {"title": ..., "payload": ...}.

    Returns:
        A URI action for links, else a postback action.
    """
    payload = str(button.get("payload") or "").strip()
    title = str(button.get("title") or "").strip() or payload
    if not payload:
        return None
    if payload.startswith(LINK_PREFIXES):
        if len(payload) > MAX_URI_CHARS:
            logger.warning("LINE: dropped a link button longer than %d characters", MAX_URI_CHARS)
            return None
        return {"type": "uri", "label": label(title), "uri": payload}
    if len(payload) > MAX_POSTBACK_DATA_CHARS:
        logger.warning("LINE: dropped a button whose payload is over 300 characters")
        return None
    return {
        "type": "postback",
        "label": label(title),
        "data": payload,
        "displayText": title[:MAX_DISPLAY_TEXT_CHARS],
    }


def quick_reply(buttons: Sequence[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """LINE quick reply items for Rasa buttons (first 13, repeats dropped).

    Args:
        buttons: Rasa buttons, in order.

    Returns:
        A `quickReply` object, or None when no button is usable.
    """
    items: List[Dict[str, Any]] = []
    seen = set()
    for button in buttons:
        action = button_action(button)
        if action is None:
            continue
        key = action.get("uri") or action.get("data")
        if key in seen:
            continue
        seen.add(key)
        items.append({"type": "action", "action": action})
    if len(items) > MAX_QUICK_REPLY_ITEMS:
        logger.info("LINE: %d buttons, only the first 13 are shown", len(items))
        items = items[:MAX_QUICK_REPLY_ITEMS]
    return {"items": items} if items else None


def _image(url: str) -> LineMessage:
    if url.startswith("https://"):
        return {"type": "image", "originalContentUrl": url, "previewImageUrl": url}
    return {"type": "text", "text": url}  # LINE only loads images over HTTPS


def _custom(custom: Mapping[str, Any]) -> List[LineMessage]:
    line = custom.get("line")
    objects = line if isinstance(line, list) else [line] if isinstance(line, dict) else []
    if not objects:
        logger.debug("LINE: ignored a custom payload without a 'line' message object")
    return [dict(obj) for obj in objects if isinstance(obj, dict) and obj.get("type")]


def to_line_messages(parts: Sequence[Mapping[str, Any]]) -> List[LineMessage]:
    """LINE message objects for Rasa bot messages, without quick replies.

    Args:
        parts: Rasa messages: {"text", "buttons"}, {"image"} or {"custom"}.
            A custom payload is sent when it holds LINE message objects under
            "line" (one object or a list).

    Returns:
        The LINE messages in order; empty texts are left out.
    """
    messages: List[LineMessage] = []
    for part in parts:
        text = part.get("text")
        if isinstance(text, str) and text.strip():
            messages.extend({"type": "text", "text": piece} for piece in split_text(text.strip()))
        if isinstance(part.get("image"), str):
            messages.append(_image(part["image"]))
        if isinstance(part.get("custom"), Mapping):
            messages.extend(_custom(part["custom"]))
    return messages


def merge_texts(messages: Sequence[LineMessage], limit: int) -> List[LineMessage]:
    """Merges adjacent texts, shortest pairs first, until `limit` messages remain.

    Args:
        messages: LINE messages.
        limit: the number of messages wanted.

    Returns:
        At most `limit` messages when the texts allow, else as few as possible.
    """
    merged = [dict(message) for message in messages]
    while len(merged) > limit:
        best: Optional[int] = None
        best_len = 0
        for i in range(len(merged) - 1):
            first, second = merged[i], merged[i + 1]
            if first.get("type") != "text" or second.get("type") != "text":
                continue
            length = utf16_len(first["text"] + MERGE_SEPARATOR + second["text"])
            if length <= MAX_TEXT_UNITS and (best is None or length < best_len):
                best, best_len = i, length
        if best is None:
            break
        second = merged.pop(best + 1)
        text = merged[best]["text"] + MERGE_SEPARATOR + second["text"]
        merged[best] = {"type": "text", "text": text}
    return merged


def compose(parts: Sequence[Mapping[str, Any]]) -> List[List[LineMessage]]:
    """Everything the bot said in one turn, as batches of at most five messages.

    The first batch goes in the reply; any further batch (only when texts
    cannot be merged into five messages) is pushed. The quick replies of all
    buttons of the turn attach to the very last message.

    Args:
        parts: the Rasa messages of the turn, in order.

    Returns:
        The batches; empty when there is nothing to send.
    """
    messages = merge_texts(to_line_messages(parts), MAX_MESSAGES_PER_REQUEST)
    buttons = [button for part in parts for button in part.get("buttons") or []]
    quick = quick_reply(buttons)
    if quick and not messages:
        messages = [{"type": "text", "text": "↓"}]
    if quick:
        messages[-1]["quickReply"] = quick
    return [
        messages[start : start + MAX_MESSAGES_PER_REQUEST]
        for start in range(0, len(messages), MAX_MESSAGES_PER_REQUEST)
    ]
