"""The languages' names as the town's staff read them (in Japanese)."""

from __future__ import annotations

from typing import Mapping

JAPANESE_NAMES: Mapping[str, str] = {
    "ja": "日本語",
    "easy_ja": "やさしい日本語",
    "en": "英語",
    "pt": "ポルトガル語",
    "vi": "ベトナム語",
    "zh": "中国語",
    "ko": "韓国語",
}


def japanese_name(code: str) -> str:
    """A language's name in Japanese (その他の言語 for an unknown code)."""
    return JAPANESE_NAMES.get(code, "その他の言語")
