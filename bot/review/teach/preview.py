"""An answer "exactly as residents will see it": placeholders filled with the
town's real values (as the actions fill them) and rendered as the web chat
widget renders a bot message (bot/web/static/chat/render.js): text with line
breaks kept, http(s) addresses as links, tel:/http(s) buttons as links and the
others as quick-reply buttons, with the widget's own CSS classes.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Dict, Mapping, Sequence

from markupsafe import Markup, escape

from bot.language.codes import EASY_JAPANESE, JAPANESE
from bot.review.teach.answers import Button
from bot.review.teach.placeholders import PLACEHOLDER
from bot.town.contact import load_contact
from bot.town.files import TownFactsError
from bot.town.office_hours import closure_on, load_schedule, status_at
from bot.town.phrases.formatting import (
    closed_days_text,
    formatter_for,
    next_opening_text,
    weekly_hours_text,
)
from bot.town.phrases.holiday_names import holiday_name
from bot.town.policy import load_policy_facts

logger = logging.getLogger(__name__)

# The same patterns as render.js.
_LINK = re.compile(r"^(tel:|https?://)", re.IGNORECASE)
_FEEDBACK = re.compile(r"^/feedback\b")
_URL_IN_TEXT = re.compile(r"(https?://[^\s<>\"'「」（）()、。]+)")
NEW_WINDOW = "（新しいウィンドウで開きます）"
SAMPLE_HOLIDAY = "元日"
HTML_LANG = {EASY_JAPANESE: JAPANESE}


def _office_hours_values(language: str) -> Dict[str, str]:
    schedule = load_schedule()
    fmt = formatter_for(language)
    now = datetime.now(schedule.timezone)
    status = status_at(schedule, now)
    today = status.today or next((hours for hours in schedule.weekly if hours), None)
    closure = closure_on(schedule, now.date())
    values = {
        "weekly_hours": weekly_hours_text(schedule, fmt),
        "closed_days": closed_days_text(schedule, fmt),
        "holiday_name": holiday_name(
            (closure.holiday_name if closure and closure.holiday_name else SAMPLE_HOLIDAY),
            language,
        ),
    }
    if today is not None:
        values["today_hours"] = fmt.hours(today)
    if status.next_opening is not None:
        values["next_opening"] = next_opening_text(status.next_opening, status.now, fmt)
    return values


def placeholder_values(language: str) -> Dict[str, str]:
    """The values the actions fill into answers of `language` today.

    Args:
        language: an answer language.

    Returns:
        Placeholder name → value (a town file that cannot be read gives none).
    """
    values: Dict[str, str] = {}
    try:
        values.update(load_contact().as_template_values())
        values["policy_page_url"] = load_policy_facts().policy_page_url
        values.update(_office_hours_values(language))
    except TownFactsError:
        logger.exception("Town facts unavailable for the answer preview.")
    return values


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """`text` with each {placeholder} of `values` replaced (others kept as they are)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _link(url: str, css_class: str, label: str) -> Markup:
    if not url.lower().startswith(("http://", "https://")):
        return Markup('<a href="{}" class="{}">{}</a>').format(url, css_class, label)
    return Markup(
        '<a href="{}" class="{}" target="_blank" rel="noopener noreferrer">'
        '{}<span class="aisho-visually-hidden">{}</span></a>'
    ).format(url, css_class, label, NEW_WINDOW)


def _text_html(text: str) -> Markup:
    parts = []
    for part in _URL_IN_TEXT.split(text):
        if not part:
            continue
        if _URL_IN_TEXT.fullmatch(part):
            parts.append(_link(part, "aisho-link", part))
        else:
            parts.append(escape(part))
    return Markup("").join(parts)


def _button_html(button: Button) -> Markup:
    if _LINK.match(button.payload):
        return _link(button.payload, "aisho-reply aisho-reply--link", button.title)
    css_class = (
        "aisho-reply aisho-reply--small" if _FEEDBACK.match(button.payload) else "aisho-reply"
    )
    return Markup('<span class="{}">{}</span>').format(css_class, button.title)


def bubble_html(
    text: str, buttons: Sequence[Button], language: str, values: Mapping[str, str]
) -> Markup:
    """A bot message as the chat widget shows it, placeholders filled.

    Args:
        text: the answer text with {placeholders}.
        buttons: the answer's buttons (payloads may hold placeholders too).
        language: the answer language (for the lang attribute).
        values: from `placeholder_values`.

    Returns:
        Safe HTML using the widget's classes (wrap it in `.aisho-chat`).
    """
    lang = HTML_LANG.get(language, language)
    body = _text_html(fill_placeholders(text, values))
    filled = [
        Button(fill_placeholders(b.title, values), fill_placeholders(b.payload, values))
        for b in buttons
    ]
    replies = Markup("").join(_button_html(button) for button in filled)
    reply_group = (
        Markup('<div class="aisho-replies" lang="{}">{}</div>').format(lang, replies)
        if filled
        else ""
    )
    return Markup(
        '<div class="aisho-msg aisho-msg--bot"><div class="aisho-msg__bubble" lang="{}">'
        '<p class="aisho-msg__text">{}</p></div>{}</div>'
    ).format(lang, body, reply_group)
