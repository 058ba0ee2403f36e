"""Application keys of the staff UI (re-exported by bot.web.staff)."""

from __future__ import annotations

import asyncio
from typing import FrozenSet

from aiohttp import web

from bot.review.publish.files import ModelFiles
from bot.review.settings import ReviewSettings

# Typed as `object`: tests may put a fake with the same methods as ReviewStore.
REVIEW_STORE = web.AppKey("review_store", object)
REVIEW_SETTINGS = web.AppKey("review_settings", ReviewSettings)
# One export at a time (a double click must not write the files twice at once).
EXPORT_LOCK = web.AppKey("review_export_lock", asyncio.Lock)
# Whose X-Forwarded-For names the real client (TRUSTED_PROXIES).
TRUSTED_PROXIES = web.AppKey("trusted_proxies", FrozenSet[str])
# Where the models lie (candidates, releases): the 「学習して反映」 page and /models.
MODEL_FILES = web.AppKey("model_files", ModelFiles)
