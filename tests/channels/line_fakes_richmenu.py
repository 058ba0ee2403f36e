"""The fake Messaging API's rich menus and loading animation, with LINE's checks.

LINE's rules as documented (Messaging API reference, "Rich menu" and "Display a
loading animation"): sizes 2500x1686 or 2500x843, at most 20 areas inside the
image, chatBarText at most 14 characters, name at most 300; the image is a PNG
or JPEG of at most 1 MB uploaded once to api-data.line.me; a menu needs its
image before it can be shown; the animation takes a user id and 5 to 60
seconds in steps of 5.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

RICH_MENU_ROUTES: Tuple[Tuple[str, str], ...] = (
    ("POST", "/v2/bot/chat/loading/start"),
    ("POST", "/v2/bot/richmenu"),
    ("GET", "/v2/bot/richmenu/list"),
    ("DELETE", "/v2/bot/richmenu/{menu_id}"),
    ("POST", "/v2/bot/richmenu/{menu_id}/content"),
    ("POST", "/v2/bot/user/all/richmenu/{menu_id}"),
    ("POST", "/v2/bot/user/{user_id}/richmenu/{menu_id}"),
)
SIZES = {(2500, 1686), (2500, 843)}
IMAGE_TYPES = {"image/png", "image/jpeg"}
MAX_IMAGE_BYTES = 1024 * 1024

Answer = Tuple[int, Dict[str, Any]]


def _bad(message: str) -> Answer:
    return 400, {"message": message}


def menu_problems(menu: Any) -> List[str]:
    """What LINE would refuse in a rich menu object (empty when acceptable)."""
    if not isinstance(menu, dict):
        return ["the body is not a rich menu object"]
    problems = []
    size = menu.get("size") or {}
    width, height = size.get("width"), size.get("height")
    if (width, height) not in SIZES:
        problems.append(f"size {width}x{height}")
    if not isinstance(menu.get("selected"), bool):
        problems.append("selected must be true or false")
    if not 1 <= len(str(menu.get("name") or "")) <= 300:
        problems.append("name must have 1 to 300 characters")
    if not 1 <= len(str(menu.get("chatBarText") or "")) <= 14:
        problems.append("chatBarText must have 1 to 14 characters")
    areas = menu.get("areas")
    if not isinstance(areas, list) or not 1 <= len(areas) <= 20:
        return [*problems, "areas must hold 1 to 20 areas"]
    for area in areas:
        bounds = area.get("bounds") or {}
        x, y = bounds.get("x", -1), bounds.get("y", -1)
        right, bottom = x + bounds.get("width", 0), y + bounds.get("height", 0)
        if x < 0 or y < 0 or right > (width or 0) or bottom > (height or 0) or right <= x:
            problems.append(f"area {bounds} is outside the image")
        action = area.get("action") or {}
        if action.get("type") == "postback" and not 1 <= len(action.get("data") or "") <= 300:
            problems.append("postback data must have 1 to 300 characters")
        if len(action.get("label") or "") > 20:
            problems.append("labels have at most 20 characters")
    return problems


@dataclass
class RichMenuStore:
    """The channel's rich menus as LINE would hold them."""

    menus: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    images: Dict[str, bytes] = field(default_factory=dict)
    default_menu: Optional[str] = None
    user_menus: Dict[str, str] = field(default_factory=dict)
    loading: List[Dict[str, Any]] = field(default_factory=list)
    refuse_upload: Optional[int] = None  # the n-th image upload gets 400
    uploads: int = 0

    def add(self, name: str, *, with_image: bool = True) -> str:
        """Puts a menu there directly (as if created earlier); returns its id."""
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        self.menus[menu_id] = {"richMenuId": menu_id, "name": name}
        if with_image:
            self.images[menu_id] = b"image"
        return menu_id

    def answer(self, request: Any, match: Mapping[str, str], on_data_host: bool) -> Answer:
        """LINE's answer to one recorded request (a `Captured`)."""
        method, path = request.method, request.path
        menu_id = match.get("menu_id", "")
        if path == "/v2/bot/chat/loading/start":
            return self._loading(request.json)
        if method == "POST" and path == "/v2/bot/richmenu":
            return self._create(request.json)
        if path == "/v2/bot/richmenu/list":
            return 200, {"richmenus": list(self.menus.values())}
        if menu_id not in self.menus:
            return 404, {"message": "Not found"}
        if method == "DELETE":
            self._delete(menu_id)
            return 200, {}
        if path.endswith("/content"):
            return self._image(request, menu_id, on_data_host)
        if menu_id not in self.images:
            return _bad("must upload richmenu image before applying it to user")
        if path.startswith("/v2/bot/user/all/"):
            self.default_menu = menu_id
        else:
            self.user_menus[match["user_id"]] = menu_id
        return 200, {}

    def _loading(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not str(body.get("chatId", "")).startswith("U"):
            return _bad("chatId must be a user id")
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(seconds, int) or not 5 <= seconds <= 60 or seconds % 5:
            return _bad("loadingSeconds must be 5 to 60 in steps of 5")
        self.loading.append(body)
        return 202, {}

    def _create(self, menu: Any) -> Answer:
        problems = menu_problems(menu)
        if problems:
            return _bad("; ".join(problems))
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        self.menus[menu_id] = {"richMenuId": menu_id, **menu}
        return 200, {"richMenuId": menu_id}

    def _image(self, request: Any, menu_id: str, on_data_host: bool) -> Answer:
        if not on_data_host:
            return 404, {"message": "Not found (images go to api-data.line.me)"}
        if request.headers.get("Content-Type") not in IMAGE_TYPES:
            return _bad("the image must be PNG or JPEG")
        self.uploads += 1
        if self.uploads == self.refuse_upload:
            return _bad("refused as the test asked")
        if len(request.body) > MAX_IMAGE_BYTES:
            return _bad("the image is over 1 MB")
        if menu_id in self.images:
            return _bad("an image has already been uploaded to the richmenu")
        self.images[menu_id] = request.body
        return 200, {}

    def _delete(self, menu_id: str) -> None:
        self.menus.pop(menu_id)
        self.images.pop(menu_id, None)
        if self.default_menu == menu_id:
            self.default_menu = None
        self.user_menus = {u: m for u, m in self.user_menus.items() if m != menu_id}
