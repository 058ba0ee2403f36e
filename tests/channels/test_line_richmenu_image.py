"""The rich menu picture and its areas, looked at pixel by pixel.

Writes results/screenshots/line-richmenu-<language>.png for people to look at.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Dict

import pytest
import yaml
from PIL import Image, ImageStat

from bot.channels import line_richmenu_image
from bot.channels.line_richmenu_image import (
    INK,
    MAX_IMAGE_BYTES,
    STRIP_COLOUR,
    TILE_COLOURS,
    WHITE,
    FontMissingError,
    contrast_ratio,
    encode,
    font_path,
    render,
)
from bot.channels.line_richmenu_layout import (
    Box,
    MenuPlan,
    RichMenuConfigError,
    load_config,
    menu_object,
    plan_menu,
)
from bot.channels.line_richmenu_text import fit_text
from bot.language.codes import ANSWER_LANGUAGES
from tests.domain_helpers import merged_domain

needs_cjk_font = pytest.mark.skipif(
    not line_richmenu_image.REGULAR_FONT.is_file(),
    reason="fonts-noto-cjk is not installed (make chromium installs it)",
)


@pytest.fixture(scope="module")
def screenshots(results_dir: Path) -> Path:
    folder = results_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overlap(first: Box, second: Box) -> int:
    width = min(first.x + first.width, second.x + second.width) - max(first.x, second.x)
    height = min(first.y + first.height, second.y + second.height) - max(first.y, second.y)
    return max(0, width) * max(0, height)


def assert_areas_tile_the_image(plan: MenuPlan) -> None:
    boxes = [tile.box for tile in plan.areas]
    for box in boxes:
        assert box.x >= 0 and box.y >= 0
        assert box.x + box.width <= plan.width and box.y + box.height <= plan.height
    assert all(overlap(a, b) == 0 for a, b in itertools.combinations(boxes, 2))
    assert sum(box.width * box.height for box in boxes) == plan.width * plan.height


@needs_cjk_font
@pytest.mark.parametrize("language", ANSWER_LANGUAGES)
def test_each_languages_picture_is_a_readable_png_under_1_mb(
    language: str, screenshots: Path
) -> None:
    plan = plan_menu(language)
    data, content_type = encode(render(plan))
    (screenshots / f"line-richmenu-{language}.png").write_bytes(data)

    assert content_type == "image/png"
    assert len(data) <= MAX_IMAGE_BYTES
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (plan.width, plan.height) == (2500, 1686)
    assert_areas_tile_the_image(plan)
    grey = image.convert("L")
    for tile in plan.areas:
        box = tile.box
        area = grey.crop((box.x, box.y, box.x + box.width, box.y + box.height))
        # Text on a plain background: far from a blank (single-colour) area.
        assert ImageStat.Stat(area).stddev[0] > 20, f"{language}: {tile.intent} looks blank"


@needs_cjk_font
def test_the_compact_size_also_tiles_the_image() -> None:
    config = load_config()
    compact = {**config, "size": {"width": 2500, "height": 843}}
    plan = plan_menu("en", config=compact)
    image = render(plan)
    assert image.size == (2500, 843)
    assert_areas_tile_the_image(plan)
    assert menu_object(plan)["size"] == {"width": 2500, "height": 843}


@needs_cjk_font
@pytest.mark.parametrize("language", ANSWER_LANGUAGES)
def test_no_label_is_cut_and_every_one_fits_its_tile(language: str) -> None:
    plan = plan_menu(language)
    for tile in plan.tiles:
        room = tile.box.width - 2 * 56
        fitted = fit_text(
            tile.label, room, tile.box.height, path=font_path(bold=True), index=0, max_size=136
        )
        assert "".join(fitted.lines).replace(" ", "") == tile.label.replace(" ", "")
        assert all(fitted.font.getlength(line) <= room for line in fitted.lines)
        assert fitted.font.size >= 80, f"{tile.label!r} is drawn too small to read"


@pytest.mark.parametrize(("text", "lines"), [("ポリシーの概要", ("ポリシーの", "概要"))])
@needs_cjk_font
def test_japanese_breaks_after_a_particle(text: str, lines: tuple) -> None:
    fitted = fit_text(text, 721, 600, path=font_path(bold=True), index=0, max_size=136)
    assert fitted.lines == lines


def test_the_colours_have_aaa_contrast() -> None:
    assert all(contrast_ratio(colour, WHITE) >= 7 for colour in TILE_COLOURS)
    assert contrast_ratio(INK, STRIP_COLOUR) >= 7


def test_a_missing_font_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_richmenu_image, "REGULAR_FONT", Path("/nonexistent/regular.ttc"))
    monkeypatch.setattr(line_richmenu_image, "BOLD_FONT", Path("/nonexistent/bold.ttc"))
    with pytest.raises(FontMissingError, match="fonts-noto-cjk"):
        font_path(bold=True)


@pytest.mark.parametrize("language", ANSWER_LANGUAGES)
def test_tiles_ask_known_intents_with_labels_from_the_topic_titles(language: str) -> None:
    plan = plan_menu(language)
    menu = menu_object(plan)
    intents = set(merged_domain().intents)
    for area in menu["areas"]:
        action = area["action"]
        assert action["type"] == "postback"
        assert action["data"].startswith("/") and action["data"][1:] in intents
        assert 1 <= len(action["label"]) <= 20
        assert action["displayText"]
    assert 1 <= len(menu["chatBarText"]) <= 14
    contact = next(tile for tile in plan.tiles if tile.intent == "ask_contact")
    assert contact.note == "0749-42-7680"  # tests/data/town/contact.yml


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": {"width": 1200, "height": 810}}, "2500x1686 or 2500x843"),
        ({"tiles": [{"intent": "ask_contact"}]}, "exactly six tiles"),
        (
            {
                "languages": {
                    "ja": {"chat_bar_text": "メニューを開いてご覧ください", "language_word": "言語"}
                }
            },
            "chat_bar_text",
        ),
    ],
)
def test_a_config_line_would_refuse_is_reported(
    change: Dict[str, object], message: str, tmp_path: Path
) -> None:
    config = {**load_config(), **change}
    path = tmp_path / "line_richmenu.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RichMenuConfigError, match=message):
        load_config(path)
