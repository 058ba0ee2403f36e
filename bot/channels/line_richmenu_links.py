"""Per-user rich menus: a resident who switched language gets that language's menu.

`make line-richmenu` creates one menu per answer language, named
"aisho-dx/<language>" (line_richmenu_layout.menu_name), and makes the Japanese
one the default. After each answer in a one-to-one chat, the channel asks the
conversation's `language` slot and links the user to the menu of that
language when it is not the one linked last. Nothing happens while only one
such menu exists. Failures are logged and never touch the reply.

What is remembered: per hashed user id, the menu linked last (a day), and the
channel's menu ids (ten minutes, so re-created menus are picked up and linked
again).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable, Dict, Optional

from bot.channels.line_cache import TtlCache
from bot.channels.line_privacy import hashed_id
from bot.channels.line_richmenu_api import RichMenuApi
from bot.channels.line_richmenu_layout import MENU_NAME_PREFIX
from bot.language.codes import DEFAULT_LANGUAGE, is_answer_language

logger = logging.getLogger(__name__)

MENU_IDS_TTL_S = 600.0
LINKED_TTL_S = 86_400.0
MAX_USERS = 10_000
_MENU_IDS_KEY = "menus"

LanguageLookup = Callable[[], Awaitable[Optional[str]]]


class RichMenuLinks:
    """Links each resident to the rich menu of the language they are answered in."""

    def __init__(
        self,
        api: RichMenuApi,
        *,
        id_key: bytes,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Creates the linker.

        Args:
            api: the rich menu endpoints.
            id_key: key of the user-id hash (cache keys).
            clock: monotonic seconds (tests pass a fake).
        """
        self._api = api
        self._id_key = id_key
        self._menu_ids: TtlCache[Dict[str, str]] = TtlCache(
            ttl_s=MENU_IDS_TTL_S, max_entries=1, clock=clock
        )
        self._linked: TtlCache[str] = TtlCache(
            ttl_s=LINKED_TTL_S, max_entries=MAX_USERS, clock=clock
        )

    async def menu_ids(self) -> Dict[str, str]:
        """language -> id of this project's menus at LINE (cached; empty when unknown)."""
        found, cached = self._menu_ids.lookup(_MENU_IDS_KEY)
        if found and cached is not None:
            return cached
        menus = await self._api.list_menus()
        ids = {
            menu.name[len(MENU_NAME_PREFIX) :]: menu.menu_id
            for menu in menus or []
            if menu.name.startswith(MENU_NAME_PREFIX)
            and is_answer_language(menu.name[len(MENU_NAME_PREFIX) :])
        }
        self._menu_ids.put(_MENU_IDS_KEY, ids)
        return ids

    async def follow(self, user_id: str, language: LanguageLookup) -> None:
        """Links the user to their language's menu if it changed; never raises.

        Args:
            user_id: the LINE user id.
            language: reads the conversation's answer language (asked only
                when there are menus per language).
        """
        try:
            await self._follow(user_id, language)
        except Exception:  # a menu must never break the conversation
            logger.exception("LINE rich menu: linking failed")

    async def _follow(self, user_id: str, language: LanguageLookup) -> None:
        ids = await self.menu_ids()
        if len(ids) < 2:
            return
        wanted = await language()
        menu_id = ids.get(wanted or DEFAULT_LANGUAGE) or ids.get(DEFAULT_LANGUAGE)
        if not menu_id:
            return
        key = hashed_id(self._id_key, user_id)
        found, linked = self._linked.lookup(key)
        if found and linked == menu_id:
            return
        result = await self._api.link(user_id, menu_id)
        if result.ok:
            self._linked.put(key, menu_id)
            logger.debug("LINE rich menu: linked the %s menu", wanted)


SenderLanguage = Callable[[str], Awaitable[Optional[str]]]


async def slot_language(agent: Any, sender: str) -> Optional[str]:
    """The `language` slot of a conversation in Rasa's tracker store, if known.

    Args:
        agent: Rasa's agent (`app.ctx.agent`), or None before it is loaded.
        sender: the conversation's sender id.
    """
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    tracker = await store.retrieve(sender)
    value = tracker.get_slot("language") if tracker is not None else None
    return value if is_answer_language(value) else None
