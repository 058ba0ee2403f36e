"""Renders the staff pages: Jinja2 templates with autoescape, Japanese labels, JST dates."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, Mapping, Optional
from zoneinfo import ZoneInfo

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.review.staff_words import LANGUAGE_LABELS, UNLISTED_TOPIC
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
CHANNEL_LABELS: Mapping[str, str] = {
    "rest": "外部システム",
    "socketio": "ウェブサイト",
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
# What the 対応 column says for a question not (or no longer) reviewed, or ignored.
NOT_HANDLED = "未対応"
NO_ACTION_NEEDED = "対応不要"
NEW_FAQ_ACTION = "新しいFAQを作成"
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


def training_data_label(language: str) -> str:
    """An export file as staff name it: "日本語の学習データ" for "ja".

    Args:
        language: the file's language code (its name without ".yml").

    Returns:
        The plain-Japanese name of the training data of that language.
    """
    code = language.removesuffix(".yml")
    return f"{LANGUAGE_LABELS.get(code, 'その他の言語')}の学習データ"


def topic_title(titles: Mapping[str, str], intent: Optional[str]) -> str:
    """A topic's Japanese title; never the internal name (an unlisted topic says so).

    Args:
        titles: intent → Japanese topic title.
        intent: the internal topic name, if any.

    Returns:
        The title, 「（一覧にない話題）」 or "" when there is no topic.
    """
    if not intent:
        return ""
    return titles.get(intent, UNLISTED_TOPIC)


def action_taken(question: Any, titles: Mapping[str, str]) -> str:
    """What staff did with a question, as the inbox's 対応 column shows it.

    Args:
        question: a Question (status and topic are read).
        titles: intent → Japanese topic title.

    Returns:
        The assigned topic's title, 「新しいFAQを作成」, 「対応不要」 or 「未対応」.
    """
    if question.status == "assigned" and question.topic:
        return topic_title(titles, question.topic)
    if question.status == "new_faq":
        return NEW_FAQ_ACTION
    if question.status == "ignored":
        return NO_ACTION_NEEDED
    return NOT_HANDLED


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
        training_data_label=training_data_label,
    )
    environment.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
        CHANNEL_LABELS=CHANNEL_LABELS,
        action_taken=action_taken,
        topic_title=topic_title,
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
