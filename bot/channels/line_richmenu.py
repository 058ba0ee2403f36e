"""Create the town's LINE rich menus through the Messaging API (`make line-richmenu`).

    python -m bot.channels.line_richmenu create [--language all|ja|en|...] [--out DIR]
    python -m bot.channels.line_richmenu create --dry-run --out results/richmenu

One menu per answer language (bot/language/codes.py), drawn from the town's
files (line_richmenu_layout, line_richmenu_image). For each: create the menu,
upload its picture (to the data host), and make the Japanese one the default.
Only then are the older menus of the same names deleted, so residents never
see the chat without a menu. The channel links residents who chose another
language to that language's menu (line_richmenu_links).

Reads LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL and LINE_API_DATA_URL from
the environment; `--dry-run` calls nothing and needs no token.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.channels.line_api import LineApi, RetryPolicy
from bot.channels.line_config import ENV_ACCESS_TOKEN, LineSettings
from bot.channels.line_richmenu_api import RichMenuApi
from bot.channels.line_richmenu_image import encode, render
from bot.channels.line_richmenu_layout import MenuPlan, default_first, menu_object, plan_menu
from bot.language.codes import ANSWER_LANGUAGES, DEFAULT_LANGUAGE

logger = logging.getLogger(__name__)

ALL = "all"


@dataclass(frozen=True)
class DrawnMenu:
    """A menu ready to send: LINE's object and its picture."""

    plan: MenuPlan
    menu: Dict[str, Any]
    image: bytes
    content_type: str


@dataclass
class Outcome:
    """What `publish` did.

    Attributes:
        created: language -> new menu id.
        default_id: the menu now shown to everyone without a menu of their own.
        deleted: ids of the older menus that were replaced.
        error: why it stopped, or None when everything went through.
    """

    created: Dict[str, str] = field(default_factory=dict)
    default_id: Optional[str] = None
    deleted: List[str] = field(default_factory=list)
    error: Optional[str] = None


def draw(languages: Sequence[str]) -> List[DrawnMenu]:
    """The menus of these languages (the default language first)."""
    menus = []
    for language in default_first(languages):
        plan = plan_menu(language)
        image, content_type = encode(render(plan))
        menus.append(DrawnMenu(plan, menu_object(plan), image, content_type))
    return menus


def save(menus: Sequence[DrawnMenu], folder: Path) -> List[Path]:
    """Writes each menu's picture and JSON object into `folder` (for review)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for drawn in menus:
        suffix = "png" if drawn.content_type == "image/png" else "jpg"
        picture = folder / f"line-richmenu-{drawn.plan.language}.{suffix}"
        picture.write_bytes(drawn.image)
        described = folder / f"line-richmenu-{drawn.plan.language}.json"
        described.write_text(json.dumps(drawn.menu, ensure_ascii=False, indent=2) + "\n")
        written += [picture, described]
    return written


async def _create_one(api: RichMenuApi, drawn: DrawnMenu) -> Tuple[Optional[str], str]:
    menu_id = await api.create(drawn.menu)
    if menu_id is None:
        return None, f"LINE refused the {drawn.plan.language} menu"
    uploaded = await api.upload_image(menu_id, drawn.image, drawn.content_type)
    if not uploaded.ok:
        return menu_id, f"LINE refused the {drawn.plan.language} picture ({uploaded.status})"
    return menu_id, ""


async def publish(api: RichMenuApi, menus: Sequence[DrawnMenu]) -> Outcome:
    """Creates the menus, sets the default, then deletes the ones they replace.

    On a failure the menus created so far are deleted again and the old ones
    stay as they were.

    Args:
        api: the rich menu endpoints.
        menus: the menus, the default language first.
    """
    outcome = Outcome()
    existing = await api.list_menus()
    for drawn in menus:
        menu_id, problem = await _create_one(api, drawn)
        if menu_id:
            outcome.created[drawn.plan.language] = menu_id
        if problem:
            outcome.error = problem
            break
    default_id = outcome.created.get(DEFAULT_LANGUAGE)
    if outcome.error is None and default_id:
        result = await api.set_default(default_id)
        if result.ok:
            outcome.default_id = default_id
        else:
            outcome.error = f"LINE refused the default menu ({result.status})"
    if outcome.error is not None:
        for menu_id in outcome.created.values():
            await api.delete(menu_id)
        outcome.created = {}
        return outcome
    names = {drawn.plan.name for drawn in menus}
    new_ids = set(outcome.created.values())
    for old in existing or []:
        if old.name in names and old.menu_id not in new_ids:
            if (await api.delete(old.menu_id)).ok:
                outcome.deleted.append(old.menu_id)
    return outcome


async def _publish_with_settings(settings: LineSettings, menus: Sequence[DrawnMenu]) -> Outcome:
    client = LineApi(
        base_url=settings.api_base_url,
        data_base_url=settings.api_data_url,
        access_token=settings.access_token or "",
        retry=RetryPolicy(),
    )
    try:
        return await publish(RichMenuApi(client), menus)
    finally:
        await client.close()


def _languages(choice: str) -> List[str]:
    return list(ANSWER_LANGUAGES) if choice == ALL else [choice]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Draws the menus and, unless --dry-run, creates them at LINE.

    Returns:
        0 on success, 1 when LINE refused something, 2 on a usage error.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="draw the menus and create them at LINE")
    create.add_argument("--language", choices=[ALL, *ANSWER_LANGUAGES], default=ALL)
    create.add_argument("--out", type=Path, help="also write the pictures and JSON here")
    create.add_argument("--dry-run", action="store_true", help="draw only; call nothing")
    args = parser.parse_args(argv)

    settings = LineSettings.from_env()
    if not args.dry_run and not settings.access_token:
        print(
            f"Set {ENV_ACCESS_TOKEN} to the channel access token (LINE Developers console, "
            "Messaging API tab), or add --dry-run to only draw the menus.",
            file=sys.stderr,
        )
        return 2
    menus = draw(_languages(args.language))
    if args.out:
        for path in save(menus, args.out):
            print(f"wrote {path}")
    if args.dry_run:
        return 0
    outcome = asyncio.run(_publish_with_settings(settings, menus))
    if outcome.error:
        print(f"Rich menus not changed: {outcome.error} (see the log above).", file=sys.stderr)
        return 1
    for language, menu_id in outcome.created.items():
        print(f"{language}: {menu_id}{' (default)' if menu_id == outcome.default_id else ''}")
    print(f"replaced {len(outcome.deleted)} older menus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
