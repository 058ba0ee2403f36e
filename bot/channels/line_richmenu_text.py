"""Fitting a label into a rich menu tile: the largest size, lines broken well.

One line while it stays large; else two lines cut at a Japanese phrase end
(after a particle) or as evenly as possible; else as many lines as needed.
Words stay whole in spaced languages; Japanese line-start rules (kinsoku)
keep small kana and closing punctuation off the start of a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from PIL import ImageFont

# Line-breaking rules (kinsoku): these never start a line.
NO_LINE_START = set("、。，．・：；？！ー…）)」』】〕ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ")


@dataclass(frozen=True)
class FittedText:
    """Text broken into lines in the largest size that fits a box."""

    font: ImageFont.FreeTypeFont
    lines: Tuple[str, ...]
    line_height: int


def _units(text: str) -> List[str]:
    """Breakable pieces: words for spaced text, characters (kept with kinsoku) otherwise."""
    if " " in text.strip():
        words = text.split()
        return [word + " " for word in words[:-1]] + words[-1:]
    units: List[str] = []
    for char in text:
        if units and char in NO_LINE_START:
            units[-1] += char
        else:
            units.append(char)
    return units


def _wrap(units: Sequence[str], font: ImageFont.FreeTypeFont, width: int) -> List[str]:
    """Greedy lines of at most `width` pixels (a unit wider than that stays alone)."""
    lines: List[str] = []
    line = ""
    for unit in units:
        if line and font.getlength((line + unit).rstrip()) > width:
            lines.append(line.rstrip())
            line = unit
        else:
            line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _is_hiragana(char: str) -> bool:
    return "\u3041" <= char <= "\u309f"


def _natural_break(before: str, after: str) -> bool:
    """A Japanese phrase ends here: hiragana (a particle) before kanji, katakana or digits."""
    return _is_hiragana(before[-1]) and not _is_hiragana(after[0])


def _two_lines(
    units: Sequence[str], font: ImageFont.FreeTypeFont, width: int
) -> Optional[List[str]]:
    """The best cut into two lines that fit: at a phrase end if any, else the most even."""
    best: Optional[Tuple[bool, float, List[str]]] = None
    for cut in range(1, len(units)):
        lines = ["".join(units[:cut]).rstrip(), "".join(units[cut:]).rstrip()]
        widest = max(font.getlength(line) for line in lines)
        if widest > width:
            continue
        score = (not _natural_break(lines[0], lines[1]), widest, lines)
        if best is None or score[:2] < best[:2]:
            best = score
    return best[2] if best else None


def _lines(units: Sequence[str], font: ImageFont.FreeTypeFont, width: int) -> List[str]:
    """One line if it fits, else two well-cut lines, else as many as needed."""
    whole = "".join(units).rstrip()
    if font.getlength(whole) <= width:
        return [whole]
    return _two_lines(units, font, width) or _wrap(units, font, width)


def fit_text(
    text: str,
    box_width: int,
    box_height: int,
    *,
    path: Path,
    index: int,
    max_size: int,
    min_size: int = 24,
    max_lines: int = 3,
) -> FittedText:
    """The largest font size (down to `min_size`) at which `text` fits the box.

    One line, then two, are preferred while the size stays within 85 % of
    `max_size`; else as many lines as needed, shrunk from `max_size`.

    Args:
        text: the text.
        box_width: the room across, in pixels.
        box_height: the room down, in pixels.
        path: the font collection.
        index: the face in the collection.
        max_size: the size to start from.
        min_size: the smallest size tried.
        max_lines: the most lines allowed.
    """
    units = _units(text)
    one_line_floor = max(min_size, round(max_size * 0.85))
    fitted = FittedText(ImageFont.truetype(str(path), size=min_size, index=index), (text,), 0)
    passes = ((1, one_line_floor), (2, one_line_floor), (max_lines, min_size))
    for allowed, floor in passes:
        for size in range(max_size, floor - 1, -4):
            font = ImageFont.truetype(str(path), size=size, index=index)
            lines = _lines(units, font, box_width)
            fitted = FittedText(font, tuple(lines), round(size * 1.25))
            if (
                len(lines) <= allowed
                and all(font.getlength(line) <= box_width for line in lines)
                and fitted.line_height * len(lines) <= box_height
            ):
                return fitted
    return fitted  # the smallest size tried: too big, but still drawn
