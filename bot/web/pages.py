"""The demo page, the embeddable widget script, static files and the health check."""

from __future__ import annotations

import html
import logging
from string import Template
from typing import Dict

from aiohttp import web

from bot.town.contact import load_contact
from bot.town.files import TownFactsError
from bot.web.settings import SETTINGS, STATIC_DIR, TEMPLATES_DIR

logger = logging.getLogger(__name__)

WIDGET_SCRIPT = STATIC_DIR / "chat" / "widget.js"
VENDOR_SOCKET_IO = STATIC_DIR / "vendor" / "socket.io.min.js"
_CONTACT_FIELDS = ("office_name", "postal_code", "address", "phone", "phone_uri", "fax")


def embed_snippet(base_url: str) -> str:
    """The one line a page of the town's site needs to show the chat widget.

    Args:
        base_url: where this server is reached, e.g. "https://chat.example.jp".

    Returns:
        A <script> element loading /widget.js from that server.
    """
    return f'<script src="{base_url.rstrip("/")}/widget.js" defer></script>'


def _contact_values(request: web.Request) -> Dict[str, str]:
    """The office's contact details for the page footer, HTML-escaped."""
    try:
        values = load_contact(request.app[SETTINGS].town_dir).as_template_values()
    except TownFactsError:
        logger.exception("cannot read the office's contact details")
        values = {}
    result = {field: html.escape(values.get(field, "")) for field in _CONTACT_FIELDS}
    result["mail_form_url"] = html.escape(values.get("mail_form_url", "#"))
    return result


# Only this server's own scripts, styles and connections (the socket.io relay).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


async def index(request: web.Request) -> web.Response:
    """GET /: a page of the town's site with the chat widget embedded."""
    template = Template((TEMPLATES_DIR / "index.html").read_text(encoding="utf-8"))
    base_url = f"{request.scheme}://{request.host}"
    page = template.substitute(
        _contact_values(request), embed_snippet=html.escape(embed_snippet(base_url))
    )
    return web.Response(
        text=page,
        content_type="text/html",
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Referrer-Policy": "same-origin",
        },
    )


async def widget(_: web.Request) -> web.FileResponse:
    """GET /widget.js: the loader of the embeddable widget."""
    return web.FileResponse(
        WIDGET_SCRIPT,
        headers={"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"},
    )


# The widget's ES modules (chat.js and its imports) are fetched with CORS, so
# a page of the town's site on another origin needs this to load them.
MODULE_PREFIX = "/static/chat/"


async def allow_modules_elsewhere(request: web.Request, response: web.StreamResponse) -> None:
    """Lets pages on other sites load the widget's modules (`on_response_prepare`).

    Args:
        request: the request being answered.
        response: its response, about to be sent.
    """
    if request.path.startswith(MODULE_PREFIX) and request.path.endswith(".js"):
        response.headers["Access-Control-Allow-Origin"] = "*"


async def healthz(_: web.Request) -> web.Response:
    """GET /healthz: 200 while the server runs."""
    return web.json_response({"status": "ok"})


def setup(app: web.Application) -> None:
    """Adds /, /widget.js, /healthz and /static/ to `app`.

    Args:
        app: the web application (with `SETTINGS` set).
    """
    if not VENDOR_SOCKET_IO.exists():
        logger.warning("%s is missing: run `make web-assets` (npm ci)", VENDOR_SOCKET_IO)
    app.router.add_get("/", index)
    app.router.add_get("/widget.js", widget)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static/", STATIC_DIR)
    app.on_response_prepare.append(allow_modules_elsewhere)
