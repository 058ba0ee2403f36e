"""The LINE output channel: the bot's messages of one turn, sent in one reply."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel

from bot.channels.line_api import LineApi, is_invalid_reply_token
from bot.channels.line_messages import compose

logger = logging.getLogger(__name__)

CHANNEL_NAME = "line"


class LineOutput(OutputChannel):
    """Collects the bot's messages of one turn and sends them in one reply.

    Rasa calls the send_* methods while it handles the message; `flush` then
    sends everything with the reply token (falling back to push when the
    token has expired). The real LINE id is kept in memory only for that push.
    """

    @classmethod
    def name(cls) -> Text:
        """The channel name."""
        return CHANNEL_NAME

    def __init__(self, api: LineApi, *, reply_token: Optional[str], push_to: Optional[str]) -> None:
        """Creates the output of one event.

        Args:
            api: the Messaging API client.
            reply_token: the event's reply token.
            push_to: the LINE user, group or room id for the push fallback.
        """
        self._api = api
        self._reply_token = reply_token
        self._push_to = push_to
        self.parts: List[Dict[str, Any]] = []

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """Collects a text."""
        self.parts.append({"text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        """Collects a text with buttons (sent as quick replies)."""
        self.parts.append({"text": text, "buttons": buttons})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        """Collects an image."""
        self.parts.append({"image": image})

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        """Collects a custom payload; LINE message objects under "line" are sent."""
        self.parts.append({"custom": json_message})

    async def flush(self) -> None:
        """Sends what was collected: reply first, push for expired tokens and overflow."""
        batches = compose(self.parts)
        self.parts = []
        if not batches:
            return
        pending = batches
        if self._reply_token:
            token, self._reply_token = self._reply_token, None
            result = await self._api.reply(token, batches[0])
            if result.ok:
                pending = batches[1:]
            elif is_invalid_reply_token(result):
                logger.info("LINE reply token expired or used: pushing the answer instead")
            else:
                return
        for batch in pending:
            if not self._push_to:
                logger.warning("LINE: nobody to push to; %d messages not sent", len(batch))
                return
            await self._api.push(self._push_to, batch)
