"""What the rich menu of one language holds: tiles, their places and actions.

Built from bot/channels/line_richmenu.yml, the topic titles
(town/topic_titles/<language>.yml) and town/contact.yml; nothing is written
here that the town's files do not say. `menu_object` turns it into LINE's rich
menu object (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.channels.line_messages import MAX_LABEL_CHARS
from bot.language.codes import ANSWER_LANGUAGES, DEFAULT_LANGUAGE
from bot.town.contact import load_contact
from bot.town.files import read_yaml_mapping
from bot.town.topic_titles import TITLES_DIR, load_topic_titles

CONFIG_PATH = Path(__file__).with_name("line_richmenu.yml")
# Menus this project created are named "<prefix><language>"; replacing and
# per-user linking find them by that name.
MENU_NAME_PREFIX = "aisho-dx/"
SIZES = frozenset({(2500, 1686), (2500, 843)})
TILE_COLUMNS, TILE_ROWS = 3, 2
LANGUAGE_STRIP_SHARE = 0.17  # of the height
MAX_CHAT_BAR_CHARS = 14
MAX_DISPLAY_TEXT_CHARS = 300


class RichMenuConfigError(ValueError):
    """line_richmenu.yml or a file it relies on does not fit LINE's rules."""


@dataclass(frozen=True)
class Box:
    """A rectangle in image pixels."""

    x: int
    y: int
    width: int
    height: int

    def as_bounds(self) -> Dict[str, int]:
        """LINE's bounds object."""
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class Tile:
    """One tappable area.

    Attributes:
        intent: the intent the tap asks (sent as "/<intent>").
        label: the text drawn on the tile.
        display_text: what appears in the chat as the resident's message.
        note: a smaller second line (a fact from town/contact.yml), or None.
        box: where the tile is.
    """

    intent: str
    label: str
    display_text: str
    note: Optional[str]
    box: Box


@dataclass(frozen=True)
class MenuPlan:
    """The rich menu of one answer language.

    Attributes:
        language: the answer language.
        width: image width in pixels.
        height: image height in pixels.
        chat_bar_text: the text of the bar that opens the menu.
        tiles: the topic tiles, in reading order.
        language_tile: the strip that opens the language choice.
    """

    language: str
    width: int
    height: int
    chat_bar_text: str
    tiles: Tuple[Tile, ...]
    language_tile: Tile

    @property
    def name(self) -> str:
        """The menu's name at LINE (not shown to users)."""
        return menu_name(self.language)

    @property
    def areas(self) -> Tuple[Tile, ...]:
        """Every tappable area: the tiles, then the language strip."""
        return (*self.tiles, self.language_tile)


def menu_name(language: str) -> str:
    """The LINE name of this project's menu for `language`."""
    return MENU_NAME_PREFIX + language


def split(total: int, parts: int) -> List[int]:
    """`total` pixels cut into `parts` sizes that differ by at most one."""
    base, extra = divmod(total, parts)
    return [base + 1 if index < extra else base for index in range(parts)]


def grid(width: int, height: int) -> Tuple[List[Box], Box]:
    """The six tile boxes (3 columns, 2 rows) and the language strip below them.

    The boxes cover the image exactly, without gaps or overlaps.
    """
    strip_height = round(height * LANGUAGE_STRIP_SHARE)
    boxes: List[Box] = []
    y = 0
    for row_height in split(height - strip_height, TILE_ROWS):
        x = 0
        for column_width in split(width, TILE_COLUMNS):
            boxes.append(Box(x, y, column_width, row_height))
            x += column_width
        y += row_height
    return boxes, Box(0, y, width, strip_height)


def load_config(path: Path = CONFIG_PATH) -> Dict[str, Any]:
    """Reads and checks line_richmenu.yml.

    Raises:
        RichMenuConfigError: a size LINE does not offer, not six tiles, or a
            language without its texts.
    """
    config = read_yaml_mapping(path)
    size = config.get("size") or {}
    if (size.get("width"), size.get("height")) not in SIZES:
        raise RichMenuConfigError(f"{path}: size must be 2500x1686 or 2500x843, not {size}.")
    tiles = config.get("tiles") or []
    if len(tiles) != TILE_COLUMNS * TILE_ROWS or not all(t.get("intent") for t in tiles):
        raise RichMenuConfigError(f"{path}: list exactly six tiles, each with an intent.")
    languages = config.get("languages") or {}
    for language in ANSWER_LANGUAGES:
        texts = languages.get(language) or {}
        bar = str(texts.get("chat_bar_text") or "")
        if not bar or len(bar) > MAX_CHAT_BAR_CHARS or not texts.get("language_word"):
            raise RichMenuConfigError(
                f"{path}: languages.{language} needs chat_bar_text (1 to 14 characters) "
                "and language_word."
            )
    return config


def language_strip_label(languages: Mapping[str, Mapping[str, str]]) -> str:
    """Every answer language's word for "language", in the order of codes.py."""
    words: List[str] = []
    for language in ANSWER_LANGUAGES:
        word = str(languages[language]["language_word"])
        if word not in words:
            words.append(word)
    return " · ".join(words)


def plan_menu(
    language: str,
    *,
    config: Optional[Mapping[str, Any]] = None,
    titles_dir: Path = TITLES_DIR,
    town_folder: Optional[Path] = None,
) -> MenuPlan:
    """The rich menu of one answer language.

    Args:
        language: one of the answer languages.
        config: line_richmenu.yml's content (read when omitted).
        titles_dir: the folder of the topic titles.
        town_folder: the folder of contact.yml (town/ when omitted).

    Raises:
        RichMenuConfigError: a tile's intent has no title in that language.
    """
    config = config or load_config()
    titles = load_topic_titles(language, titles_dir).topics
    contact = load_contact(town_folder).as_template_values()
    boxes, strip = grid(config["size"]["width"], config["size"]["height"])
    tiles = []
    for entry, box in zip(config["tiles"], boxes, strict=True):
        intent = str(entry["intent"])
        if intent not in titles:
            raise RichMenuConfigError(f"topic_titles/{language}.yml has no title for {intent}.")
        note = contact.get(str(entry["note"])) if entry.get("note") else None
        label = str(titles[intent])
        tiles.append(Tile(intent, label, label, note, box))
    texts = config["languages"]
    language_tile = Tile(
        intent=str(config.get("language_intent") or "choose_language"),
        label=language_strip_label(texts),
        display_text=str(texts[language]["language_word"]),
        note=None,
        box=strip,
    )
    return MenuPlan(
        language=language,
        width=int(config["size"]["width"]),
        height=int(config["size"]["height"]),
        chat_bar_text=str(texts[language]["chat_bar_text"]),
        tiles=tuple(tiles),
        language_tile=language_tile,
    )


def _action(tile: Tile) -> Dict[str, Any]:
    label = tile.display_text
    if len(label) > MAX_LABEL_CHARS:
        label = label[: MAX_LABEL_CHARS - 1] + "…"
    return {
        "type": "postback",
        "label": label,
        "data": f"/{tile.intent}",
        "displayText": tile.display_text[:MAX_DISPLAY_TEXT_CHARS],
    }


def menu_object(plan: MenuPlan, *, selected: bool = True) -> Dict[str, Any]:
    """LINE's rich menu object for a plan.

    Args:
        plan: the menu.
        selected: open the menu when the chat is opened (the account is used
            mostly through it).
    """
    return {
        "size": {"width": plan.width, "height": plan.height},
        "selected": selected,
        "name": plan.name,
        "chatBarText": plan.chat_bar_text,
        "areas": [{"bounds": t.box.as_bounds(), "action": _action(t)} for t in plan.areas],
    }


def default_first(languages: Sequence[str]) -> List[str]:
    """The languages with the default (Japanese) first, each once."""
    ordered = [DEFAULT_LANGUAGE] if DEFAULT_LANGUAGE in languages else []
    return ordered + [language for language in dict.fromkeys(languages) if language not in ordered]
