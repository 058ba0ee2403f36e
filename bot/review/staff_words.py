"""Japanese words staff read, shared by the staff pages and the review logic
(which must not import the web package)."""

from __future__ import annotations

from typing import Mapping

from bot.language.labels import JAPANESE_NAMES

LANGUAGE_LABELS: Mapping[str, str] = JAPANESE_NAMES
UNLISTED_TOPIC = "（一覧にない話題）"
