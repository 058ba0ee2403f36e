"""The rich menu picture, drawn from text with Pillow and Debian's Noto Sans CJK.

Large bold white text on dark tiles (contrast of at least 7:1, WCAG AAA), a
light strip with a drawn globe for the language choice. No hand-drawn asset:
changing a title in the town's files changes the picture.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Optional, Tuple

from PIL import Image, ImageDraw

from bot.channels.line_richmenu_layout import Box, MenuPlan, Tile
from bot.channels.line_richmenu_text import FittedText, fit_text

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
REGULAR_FONT = FONT_DIR / "NotoSansCJK-Regular.ttc"
BOLD_FONT = FONT_DIR / "NotoSansCJK-Bold.ttc"
# Faces in the collection: 0 JP, 1 KR, 2 SC; each language gets its own glyph forms.
FACE_INDEX = {"ko": 1, "zh": 2}
MAX_IMAGE_BYTES = 1_000_000

Rgb = Tuple[int, int, int]
WHITE: Rgb = (255, 255, 255)
INK: Rgb = (17, 17, 17)
# Tile backgrounds, in reading order; white text on each has a contrast of 7:1 or more.
TILE_COLOURS: Tuple[Rgb, ...] = (
    (11, 74, 130),  # blue
    (10, 92, 78),  # teal
    (28, 90, 42),  # green
    (140, 52, 0),  # rust
    (88, 40, 130),  # purple
    (150, 24, 45),  # crimson
)
STRIP_COLOUR: Rgb = (244, 244, 240)
STRIP_ACCENT: Rgb = (11, 74, 130)
GAP_COLOUR: Rgb = WHITE
# Pixels between tiles (drawn inside each tile's area, so areas still touch).
GAP = 8


class FontMissingError(RuntimeError):
    """The Noto CJK font is not installed."""


def font_path(*, bold: bool) -> Path:
    """The Noto Sans CJK collection to draw with (Bold when installed).

    Raises:
        FontMissingError: not even the regular face is installed.
    """
    if bold and BOLD_FONT.is_file():
        return BOLD_FONT
    if REGULAR_FONT.is_file():
        return REGULAR_FONT
    raise FontMissingError(
        f"{REGULAR_FONT} is missing: install Debian's fonts-noto-cjk "
        "(sudo make chromium, or apt-get install fonts-noto-cjk)."
    )


def contrast_ratio(first: Rgb, second: Rgb) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(colour: Rgb) -> float:
        channels = []
        for value in colour:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _draw_lines(
    draw: ImageDraw.ImageDraw, fitted: FittedText, centre_x: float, top: float, colour: Rgb
) -> None:
    for number, line in enumerate(fitted.lines):
        y = top + number * fitted.line_height + fitted.line_height / 2
        draw.text((centre_x, y), line, font=fitted.font, fill=colour, anchor="mm")


def _draw_tile(
    draw: ImageDraw.ImageDraw, tile: Tile, colour: Rgb, index: int, scale: float
) -> None:
    box = tile.box
    inner = Box(box.x + GAP // 2, box.y + GAP // 2, box.width - GAP, box.height - GAP)
    draw.rectangle(
        (inner.x, inner.y, inner.x + inner.width - 1, inner.y + inner.height - 1), fill=colour
    )
    padding = round(56 * scale)
    room_width = inner.width - 2 * padding
    note: Optional[FittedText] = None
    note_room = 0
    if tile.note:
        note = fit_text(
            tile.note,
            room_width,
            inner.height // 4,
            path=font_path(bold=False),
            index=index,
            max_size=round(84 * scale),
            max_lines=1,
        )
        note_room = note.line_height + round(24 * scale)
    label = fit_text(
        tile.label,
        room_width,
        inner.height - 2 * padding - note_room,
        path=font_path(bold=True),
        index=index,
        max_size=round(136 * scale),
    )
    block = label.line_height * len(label.lines) + note_room
    top = inner.y + (inner.height - block) / 2
    centre_x = inner.x + inner.width / 2
    _draw_lines(draw, label, centre_x, top, WHITE)
    if note:
        _draw_lines(draw, note, centre_x, top + block - note.line_height, WHITE)


def _draw_globe(draw: ImageDraw.ImageDraw, centre: Tuple[float, float], radius: float) -> None:
    """A simple globe (circle, meridian, parallels) beside the language words."""
    x, y = centre
    width = max(4, round(radius / 9))
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=STRIP_ACCENT, width=width
    )
    draw.ellipse(
        (x - radius / 2.2, y - radius, x + radius / 2.2, y + radius),
        outline=STRIP_ACCENT,
        width=width,
    )
    draw.line((x, y - radius, x, y + radius), fill=STRIP_ACCENT, width=width)
    for offset in (-radius / 2, 0.0, radius / 2):
        half = (radius**2 - offset**2) ** 0.5
        draw.line((x - half, y + offset, x + half, y + offset), fill=STRIP_ACCENT, width=width)


def _draw_strip(draw: ImageDraw.ImageDraw, tile: Tile, index: int, scale: float) -> None:
    box = tile.box
    top = box.y + GAP // 2
    draw.rectangle((box.x, top, box.x + box.width - 1, box.y + box.height - 1), fill=STRIP_COLOUR)
    draw.rectangle((box.x, top, box.x + box.width - 1, top + round(10 * scale)), fill=STRIP_ACCENT)
    height = box.y + box.height - top
    radius = height * 0.28
    globe_room = round(2 * radius + 48 * scale)
    room_width = box.width - 2 * round(60 * scale) - globe_room
    fitted = fit_text(
        tile.label,
        room_width,
        round(height * 0.7),
        path=font_path(bold=True),
        index=index,
        max_size=round(96 * scale),
        max_lines=1,
    )
    text_width = fitted.font.getlength(fitted.lines[0]) if fitted.lines else 0
    start = box.x + (box.width - text_width - globe_room) / 2
    centre_y = top + height / 2 + 4 * scale
    _draw_globe(draw, (start + radius, centre_y), radius)
    left = start + globe_room
    draw.text((left, centre_y), fitted.lines[0], font=fitted.font, fill=INK, anchor="lm")


def render(plan: MenuPlan) -> Image.Image:
    """The menu's picture in its size (RGB).

    Raises:
        FontMissingError: Noto Sans CJK is not installed.
    """
    image = Image.new("RGB", (plan.width, plan.height), GAP_COLOUR)
    draw = ImageDraw.Draw(image)
    index = FACE_INDEX.get(plan.language, 0)
    scale = plan.height / 1686 if plan.height < 1686 else 1.0
    for number, tile in enumerate(plan.tiles):
        _draw_tile(draw, tile, TILE_COLOURS[number % len(TILE_COLOURS)], index, max(scale, 0.6))
    _draw_strip(draw, plan.language_tile, index, max(scale, 0.6))
    return image


def encode(image: Image.Image) -> Tuple[bytes, str]:
    """The picture as LINE takes it: PNG, or JPEG when the PNG is over 1 MB.

    Returns:
        The bytes and their content type.
    """
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    if buffer.tell() <= MAX_IMAGE_BYTES:
        return buffer.getvalue(), "image/png"
    for quality in (92, 85, 75, 60):
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality)
        if buffer.tell() <= MAX_IMAGE_BYTES:
            break
    return buffer.getvalue(), "image/jpeg"
