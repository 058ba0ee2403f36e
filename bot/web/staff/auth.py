"""Staff login: session cookie, CSRF, login rate limiting and the guard of every /staff route.

`staff_guard` is a middleware: every request under /staff (pages and
/staff/api) needs a valid session, except the login page itself; a route
added later is protected without anyone remembering to. Unsafe methods also
need the session's CSRF token (form field `csrf_token` or header
`X-CSRF-Token`). The login form has its own CSRF token in a short-lived
cookie, since there is no session yet.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import quote

from aiohttp import web

from bot.channels.client_address import client_address
from bot.review.auth.logins import LoginAttempt
from bot.review.auth.throttle import DEFAULT_THROTTLE, LoginThrottle
from bot.web.staff.keys import REVIEW_SETTINGS, REVIEW_STORE, TRUSTED_PROXIES
from bot.web.staff.render import STAFF_HEADERS, render

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION_COOKIE = "aisho_staff"
LOGIN_COOKIE = "aisho_staff_login"
LOGIN_PATH = "/staff/login"
PUBLIC_PATHS = frozenset({LOGIN_PATH})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_USERNAME = 64
MAX_PASSWORD = 1024
ACCOUNT_WAIT = (
    "ログインの失敗が続いたため、このユーザー名では{wait}ほどログインできません。"
    "時間をおいてから、もう一度お試しください。"
    "パスワードが分からない場合は、システム担当者にお問い合わせください。"
)
ADDRESS_BLOCKED = (
    "この端末からのログインの失敗が続いたため、しばらくログインできません。"
    "15分ほど待ってから、もう一度お試しください。"
)
WRONG_LOGIN = "ユーザー名またはパスワードが正しくありません。"
EXPIRED_FORM = "ページの有効期限が切れました。お手数ですが、もう一度ログインしてください。"


def is_staff_path(path: str) -> bool:
    """Whether `path` belongs to the staff UI (/staff or below)."""
    return path == "/staff" or path.startswith("/staff/")


def safe_next(value: Optional[str]) -> str:
    """A local /staff address to go to after login or an action; /staff otherwise.

    Args:
        value: the address the form or query asked for.

    Returns:
        `value` when it is a path under /staff on this server, else "/staff".
    """
    if (
        not value
        or "\\" in value
        or value.startswith("//")
        or not is_staff_path(value.split("?", 1)[0])
    ):
        return "/staff"
    return value


def is_https(request: web.Request) -> bool:
    """Whether the resident's browser used https (directly or through a proxy)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def _cookie_options(request: web.Request, path: str) -> dict[str, Any]:
    return {"httponly": True, "samesite": "Strict", "secure": is_https(request), "path": path}


def _same(sent: str, expected: str) -> bool:
    return bool(sent) and bool(expected) and hmac.compare_digest(sent, expected)


async def _sent_csrf(request: web.Request) -> str:
    header = request.headers.get("X-CSRF-Token", "")
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return str((await request.post()).get("csrf_token", ""))
    return ""


def _refuse(request: web.Request, status: int, message: str) -> web.StreamResponse:
    """401/403 as JSON for the API, as a redirect to the login page for page GETs."""
    if request.path.startswith("/staff/api/"):
        return web.json_response({"error": message}, status=status)
    if status == 401 and request.method in SAFE_METHODS:
        raise web.HTTPFound(f"{LOGIN_PATH}?next={quote(request.path_qs, safe='/')}")
    return web.Response(status=status, text=message, content_type="text/plain", charset="utf-8")


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path in PUBLIC_PATHS:
        return await handler(request)
    store = request.app[REVIEW_STORE]
    token = request.cookies.get(SESSION_COOKIE, "")
    session = await asyncio.to_thread(store.get_session, token) if token else None
    if session is None:
        return _refuse(request, 401, "ログインが必要です。")
    if request.method not in SAFE_METHODS and not _same(
        await _sent_csrf(request), session.csrf_token
    ):
        logger.warning(
            "refused a %s to %s without a valid CSRF token", request.method, request.path
        )
        return _refuse(request, 403, "不正なリクエストです（CSRFトークンが一致しません）。")
    request["staff_session"] = session
    request["staff_token"] = token
    return await handler(request)


@web.middleware
async def staff_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Requires a session (and CSRF token) under /staff and adds the staff headers."""
    if not is_staff_path(request.path):
        return await handler(request)
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as error:
        error.headers.update(STAFF_HEADERS)
        raise
    response.headers.update(STAFF_HEADERS)
    return response


def _user_configured(request: web.Request, has_db_user: bool) -> bool:
    settings = request.app[REVIEW_SETTINGS]
    return has_db_user or bool(settings.staff_username and settings.staff_password_hash)


async def login_page(
    request: web.Request, *, message: str = "", status: int = 200, username: str = ""
) -> web.Response:
    """GET /staff/login: the login form (or how to create the first user)."""
    store = request.app[REVIEW_STORE]
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    request["login_csrf"] = token
    configured = _user_configured(request, await asyncio.to_thread(store.has_any_user))
    response = render(
        request,
        "login.html",
        {
            "message": message,
            "configured": configured,
            "username": username,
            "next": safe_next(request.query.get("next")),
        },
        status=status,
    )
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, **_cookie_options(request, LOGIN_PATH))
    return response


async def login(request: web.Request) -> web.StreamResponse:
    """POST /staff/login: checks the password, rate-limited; starts a new session."""
    store = request.app[REVIEW_STORE]
    form = await request.post()
    if not _same(str(form.get("csrf_token", "")), request.cookies.get(LOGIN_COOKIE, "")):
        return await login_page(request, message=EXPIRED_FORM, status=403)
    username = str(form.get("username", "")).strip()[:MAX_USERNAME]
    password = str(form.get("password", ""))[:MAX_PASSWORD]
    throttle = DEFAULT_THROTTLE
    address = client_address(
        request.remote, request.headers.get("X-Forwarded-For"), request.app[TRUSTED_PROXIES]
    )
    account_key, address_key = f"user:{username.casefold()}", f"ip:{address}"
    # Recorded (as a failure) before the slow hash, so concurrent tries count.
    attempt = await asyncio.to_thread(
        store.begin_login_attempt, (account_key, address_key), window=throttle.window
    )
    refusal = _refusal(throttle, attempt, account_key, address_key)
    if refusal:
        await asyncio.to_thread(store.end_login_attempt, attempt, counted=False)
        logger.warning("staff login refused: too many recent failures")
        return await login_page(request, message=refusal, status=429, username=username)
    if not username or not await asyncio.to_thread(store.verify_login, username, password):
        await asyncio.to_thread(store.end_login_attempt, attempt, counted=True)
        logger.info("staff login failed")
        return await login_page(request, message=WRONG_LOGIN, status=401, username=username)
    await asyncio.to_thread(store.end_login_attempt, attempt, counted=False, clear_key=account_key)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # rotate: the session from before the login is never reused
        await asyncio.to_thread(store.delete_session, old)
    token, session = await asyncio.to_thread(store.create_session, username)
    logger.info("staff login succeeded")
    response = web.HTTPSeeOther(safe_next(str(form.get("next", ""))))
    max_age = max(60, int((session.expires_at - datetime.now(UTC)).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, **_cookie_options(request, "/staff")
    )
    response.del_cookie(LOGIN_COOKIE, path=LOGIN_PATH)
    return response


def _refusal(
    throttle: LoginThrottle, attempt: LoginAttempt, account_key: str, address_key: str
) -> str:
    """The message refusing this attempt, or "" when its password may be checked."""
    if throttle.address_blocked(attempt.failures[address_key]):
        return ADDRESS_BLOCKED
    wait = throttle.account_wait(
        attempt.failures[account_key], attempt.last_failure[account_key], attempt.at
    )
    if wait > timedelta(0):
        return ACCOUNT_WAIT.format(wait=_japanese_duration(wait))
    return ""


def _japanese_duration(wait: timedelta) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 60:
        return f"{seconds}秒"
    return f"{(seconds + 59) // 60}分"


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /staff/logout (CSRF checked by the guard): ends the session."""
    await asyncio.to_thread(request.app[REVIEW_STORE].delete_session, request["staff_token"])
    response = web.HTTPSeeOther(LOGIN_PATH)
    response.del_cookie(SESSION_COOKIE, path="/staff")
    return response


def add_routes(app: web.Application) -> None:
    """Adds the login and logout routes.

    Args:
        app: the web application.
    """
    app.router.add_get(LOGIN_PATH, login_page)
    app.router.add_post(LOGIN_PATH, login)
    app.router.add_post("/staff/logout", logout)
