"""Builds the web application from its feature modules.

A feature is a function that adds its routes to the application; to add
pages (such as the staff views), write a module with `setup(app)` and list
it in `FEATURES`.
"""

from __future__ import annotations

from typing import Awaitable, Callable, Sequence

from aiohttp import web

from bot.web import api, model_server, pages, socket_proxy, staff
from bot.web.settings import SETTINGS, WebSettings

Feature = Callable[[web.Application], None]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

FEATURES: Sequence[Feature] = (
    pages.setup,
    api.setup,
    socket_proxy.setup,
    staff.setup,
    model_server.setup,
)
# Requests larger than this are refused (413); the API takes short texts only.
MAX_REQUEST_BYTES = 64 * 1024


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Adds headers every response needs (no MIME sniffing, no framing elsewhere,
    no full addresses in Referer to other sites). /staff sets stricter ones
    (render.STAFF_HEADERS: a CSP with frame-ancestors 'none'); HSTS is the TLS
    terminator's (deploy/nginx)."""
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def create_app(settings: WebSettings, *, features: Sequence[Feature] = FEATURES) -> web.Application:
    """Creates the web application.

    Args:
        settings: where the Rasa server is and where the town's files are.
        features: the modules' setup functions adding their routes.

    Returns:
        The application, ready for `web.run_app` or a test client.
    """
    app = web.Application(middlewares=[security_headers], client_max_size=MAX_REQUEST_BYTES)
    app[SETTINGS] = settings
    for feature in features:
        feature(app)
    return app
