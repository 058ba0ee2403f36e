"""GET /models/live.tar.gz: the live model, for Rasa's own model pulling.

Every Rasa instance is configured with `models:` in endpoints.yml
(https://rasa.com/docs/rasa/model-storage#load-model-from-server): it asks
this address every MODEL_PULL_SECONDS with the ETag of the model it runs in
If-None-Match, gets 304 while that is still the live model, and otherwise
downloads the new one and loads it in place (no restart; messages that arrive
meanwhile wait for it, none is lost). The ETag is the model file's SHA-256,
the checksum the quality gate recorded.

Each pull also tells which model the instance runs (its `instance` query
parameter and If-None-Match), so staff see when every instance has switched.

Access: with MODEL_SERVER_TOKEN set, the request must carry it (Rasa sends
endpoints.yml's `token` as ?token=); without it, only this machine may ask,
and not through a proxy (no X-Forwarded-For).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
from typing import Mapping, Optional

from aiohttp import web

from bot.review.publish.files import model_files_from_env
from bot.review.publish.releases import LiveModel, fingerprint_of, live_model, record_pull
from bot.web.staff.keys import MODEL_FILES, REVIEW_STORE

logger = logging.getLogger(__name__)

MODEL_PATH = "/models/live.tar.gz"
TOKEN_ENV = "MODEL_SERVER_TOKEN"  # noqa: S105 - the variable's name
MODEL_TOKEN = web.AppKey("model_server_token", str)
MAX_INSTANCE_NAME = 120
CHUNK = 256 * 1024


def _is_loopback(address: Optional[str]) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def allowed(request: web.Request, token: str) -> bool:
    """Whether the request may download the model (see the module's docstring)."""
    if token:
        sent = request.query.get("token", "")
        return hmac.compare_digest(sent.encode(), token.encode())
    return _is_loopback(request.remote) and "X-Forwarded-For" not in request.headers


def instance_name(request: web.Request) -> str:
    """The pulling instance's name (its ?instance=, else its address), kept short."""
    name = request.query.get("instance", "").strip() or str(request.remote or "unknown")
    return "".join(ch for ch in name if ch.isprintable())[:MAX_INSTANCE_NAME]


def _headers(live: LiveModel) -> Mapping[str, str]:
    return {
        "ETag": f'"{live.checksum}"',
        # Rasa saves the download under this name (its model_name).
        "filename": live.file.name,
        "Cache-Control": "no-store",
    }


async def live_model_file(request: web.Request) -> web.StreamResponse:
    """GET /models/live.tar.gz (304 when If-None-Match names the live model)."""
    if not allowed(request, request.app[MODEL_TOKEN]):
        raise web.HTTPForbidden(text="The model server is for this installation's Rasa servers.")
    store = request.app.get(REVIEW_STORE)
    engine = getattr(store, "engine", None)
    if engine is None:
        raise web.HTTPServiceUnavailable(text="The review database is not available.")
    try:
        live = await asyncio.to_thread(live_model, engine, request.app[MODEL_FILES])
    except FileNotFoundError:
        raise web.HTTPNotFound(text="No model has been trained yet (make train).") from None
    sent = request.headers.get("If-None-Match", "")
    if sent and sent != "*" and request.query.get("instance"):
        await asyncio.to_thread(record_pull, engine, instance_name(request), fingerprint_of(sent))
    if sent == "*" or fingerprint_of(sent) == live.checksum:
        return web.Response(status=304, headers=_headers(live))
    response = web.StreamResponse(headers={**_headers(live), "Content-Type": "application/gzip"})
    response.content_length = live.file.stat().st_size
    await response.prepare(request)
    with live.file.open("rb") as handle:
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            await response.write(chunk)
    await response.write_eof()
    logger.info("model %s sent to %s", live.file.name, instance_name(request))
    return response


def setup(app: web.Application) -> None:
    """Adds /models/live.tar.gz (after the staff feature opened the review store)."""
    if MODEL_FILES not in app:
        app[MODEL_FILES] = model_files_from_env()
    if MODEL_TOKEN not in app:
        app[MODEL_TOKEN] = os.environ.get(TOKEN_ENV, "").strip()
    app.router.add_get(MODEL_PATH, live_model_file)
