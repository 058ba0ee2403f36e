"""The rich menu endpoints of the Messaging API, over `LineApi` (retries, never raising).

Reference: https://developers.line.biz/en/reference/messaging-api/#rich-menu
The image upload goes to the data host (api-data.line.me), everything else to
the API host (api.line.me).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from bot.channels.line_api import ApiResult, LineApi

logger = logging.getLogger(__name__)

CREATE_PATH = "/v2/bot/richmenu"
IMAGE_PATH = "/v2/bot/richmenu/{menu_id}/content"
DEFAULT_PATH = "/v2/bot/user/all/richmenu/{menu_id}"
LINK_PATH = "/v2/bot/user/{user_id}/richmenu/{menu_id}"
LIST_PATH = "/v2/bot/richmenu/list"
DELETE_PATH = "/v2/bot/richmenu/{menu_id}"


@dataclass(frozen=True)
class ExistingMenu:
    """A rich menu the channel already has.

    Attributes:
        menu_id: LINE's rich menu id ("richmenu-…").
        name: the name given at creation (not shown to users).
    """

    menu_id: str
    name: str


class RichMenuApi:
    """Creates, lists, deletes and links rich menus."""

    def __init__(self, api: LineApi) -> None:
        """Wraps a Messaging API client.

        Args:
            api: the client (with the access token and both addresses).
        """
        self._api = api

    async def create(self, menu: Dict[str, Any]) -> Optional[str]:
        """Creates a rich menu (without its image).

        Args:
            menu: the rich menu object (size, selected, name, chatBarText, areas).

        Returns:
            The new menu's id, or None when LINE refused it (logged).
        """
        result = await self._api.call("POST", CREATE_PATH, "rich menu create", json_body=menu)
        menu_id = result.body.get("richMenuId") if result.ok and result.body else None
        return menu_id if isinstance(menu_id, str) and menu_id else None

    async def upload_image(self, menu_id: str, image: bytes, content_type: str) -> ApiResult:
        """Attaches the image to a new menu (once per menu; to the data host).

        Args:
            menu_id: the menu's id.
            image: PNG or JPEG bytes, at most 1 MB, in the menu's size.
            content_type: "image/png" or "image/jpeg".
        """
        return await self._api.call(
            "POST",
            IMAGE_PATH.format(menu_id=menu_id),
            "rich menu image",
            data=image,
            headers={"Content-Type": content_type},
            on_data_host=True,
        )

    async def set_default(self, menu_id: str) -> ApiResult:
        """Shows the menu to every user who has no menu of their own."""
        return await self._api.call(
            "POST", DEFAULT_PATH.format(menu_id=menu_id), "rich menu default"
        )

    async def link(self, user_id: str, menu_id: str) -> ApiResult:
        """Shows the menu to one user (it takes precedence over the default).

        Args:
            user_id: the LINE user id.
            menu_id: the menu's id.
        """
        path = LINK_PATH.format(user_id=user_id, menu_id=menu_id)
        return await self._api.call("POST", path, "rich menu link", attempts=2)

    async def list_menus(self) -> Optional[List[ExistingMenu]]:
        """The channel's rich menus, or None when LINE could not be asked."""
        result = await self._api.call("GET", LIST_PATH, "rich menu list", attempts=2)
        if not result.ok or not isinstance(result.body, dict):
            return None
        menus = result.body.get("richmenus")
        return [
            ExistingMenu(menu_id=str(menu["richMenuId"]), name=str(menu.get("name") or ""))
            for menu in menus or []
            if isinstance(menu, dict) and menu.get("richMenuId")
        ]

    async def delete(self, menu_id: str) -> ApiResult:
        """Deletes a menu (its per-user links go with it)."""
        return await self._api.call(
            "DELETE", DELETE_PATH.format(menu_id=menu_id), "rich menu delete"
        )
