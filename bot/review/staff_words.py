"""Japanese words staff read, shared by the staff pages and the review logic
(which must not import the web package)."""

from __future__ import annotations

from typing import Mapping

LANGUAGE_LABELS: Mapping[str, str] = {
    "ja": "日本語",
    "easy_ja": "やさしい日本語",
    "en": "英語",
    "pt": "ポルトガル語",
    "vi": "ベトナム語",
    "zh": "中国語",
    "ko": "韓国語",
}
UNLISTED_TOPIC = "（一覧にない話題）"
