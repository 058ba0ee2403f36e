"""Renders the staff pages: Jinja2 templates with autoescape, Japanese labels, JST dates."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, Mapping, Optional
from zoneinfo import ZoneInfo

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.web.settings import TEMPLATES_DIR

logger = logging.getLogger(__name__)

TOKYO = ZoneInfo("Asia/Tokyo")

STATUS_LABELS: Mapping[str, str] = {
    "new": "未対応",
    "assigned": "話題に追加済み",
    "new_faq": "新しいFAQが必要",
    "ignored": "対象外",
}
REASON_LABELS: Mapping[str, str] = {
    "fallback": "答えられなかった",
    "out_of_scope": "対象外の質問",
    "request_human": "職員への問い合わせ希望",
    "not_helpful": "「役に立たなかった」と回答",
}
LANGUAGE_LABELS: Mapping[str, str] = {
    "ja": "日本語",
    "easy_ja": "やさしい日本語",
    "en": "英語",
    "pt": "ポルトガル語",
    "vi": "ベトナム語",
    "zh": "中国語",
    "ko": "韓国語",
}
CHANNEL_LABELS: Mapping[str, str] = {
    "rest": "REST",
    "socketio": "町のウェブサイト",
    "line": "LINE",
    "unknown": "不明",
}
ACTION_LABELS: Mapping[str, str] = {
    "assign": "話題に追加",
    "assigned": "話題に追加",
    "assign_topic": "話題に追加",
    "new_faq": "新しいFAQが必要",
    "ignore": "対象外にした",
    "ignored": "対象外にした",
    "reopen": "未対応に戻した",
    "reopened": "未対応に戻した",
    "export": "学習データに出力",
    "exported": "学習データに出力",
}
# Security headers of every /staff response: nothing inline, no framing, no caching.
STAFF_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def jst(value: Optional[datetime], fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC time shown in Asia/Tokyo ("" for None).

    Args:
        value: a timezone-aware time (naive times are taken as UTC).
        fmt: the strftime format.

    Returns:
        The formatted Tokyo time.
    """
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(TOKYO).strftime(fmt)


def _label(table: Mapping[str, str]) -> Any:
    return lambda code: table.get(code or "", code or "")


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR / "staff")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        jst=jst,
        status_label=_label(STATUS_LABELS),
        reason_label=_label(REASON_LABELS),
        language_label=_label(LANGUAGE_LABELS),
        channel_label=_label(CHANNEL_LABELS),
        action_label=_label(ACTION_LABELS),
        percent=lambda value: f"{value:.0%}",
    )
    environment.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
        CHANNEL_LABELS=CHANNEL_LABELS,
    )
    return environment


ENVIRONMENT = _environment()


def render(
    request: web.Request,
    template: str,
    context: Optional[Dict[str, Any]] = None,
    *,
    status: int = 200,
) -> web.Response:
    """Renders a staff page.

    The logged-in user and the CSRF token (set by the auth middleware) are
    added to the context as `staff` and `csrf_token`.

    Args:
        request: the request being answered.
        template: the file name under templates/staff/.
        context: the template's variables.
        status: the HTTP status.

    Returns:
        The HTML response.
    """
    session = request.get("staff_session")
    values: Dict[str, Any] = {
        "staff": session.username if session else None,
        "csrf_token": session.csrf_token if session else request.get("login_csrf", ""),
        "path": request.path,
        **(context or {}),
    }
    text = ENVIRONMENT.get_template(template).render(values)
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
