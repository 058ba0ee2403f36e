"""The dashboard: questions per day, answered rate, top topics, top unanswered clusters,
by language and by channel, as server-rendered SVG charts with the numbers in tables."""

from __future__ import annotations

import asyncio
import logging
from typing import Dict

from aiohttp import web
from markupsafe import Markup

from bot.review.models import Stats
from bot.town.confirmations import pending_confirmations
from bot.web.settings import SETTINGS
from bot.web.staff import charts
from bot.web.staff.feedback_section import feedback_lines
from bot.web.staff.forms import stats_query
from bot.web.staff.inbox import topic_titles
from bot.web.staff.keys import REVIEW_STORE
from bot.web.staff.render import CHANNEL_LABELS, LANGUAGE_LABELS, render, topic_title

logger = logging.getLogger(__name__)


def build_charts(stats: Stats, titles: Dict[str, str]) -> Dict[str, Markup]:
    """The dashboard's SVG charts for `stats`.

    Args:
        stats: the numbers of the chosen range.
        titles: intent → Japanese title, for the top topics.

    Returns:
        Chart name → <svg> markup (every label escaped).
    """
    days = [(day.day, day.answered, day.routed) for day in stats.days]
    return {
        "daily": charts.daily_stacked_bars(days, title="日ごとの質問数（ボットが回答／職員へ）"),
        "rate": charts.rate_line(days, title="日ごとの回答率"),
        "topics": charts.horizontal_bars(
            [(topic_title(titles, intent) or "不明", count) for intent, count in stats.top_topics],
            title="よく聞かれた話題",
            css_class="bar-topic",
        ),
        "unanswered": charts.horizontal_bars(
            [(cluster.representative.text, cluster.count) for cluster in stats.top_unanswered],
            title="答えられなかった質問（似た質問のまとまり）",
            css_class="bar-routed",
        ),
        "languages": charts.stacked_horizontal_bars(
            [(LANGUAGE_LABELS.get(code, code), a, r) for code, a, r in stats.by_language],
            title="言語別の質問数",
        ),
        "channels": charts.stacked_horizontal_bars(
            [(CHANNEL_LABELS.get(code, code), a, r) for code, a, r in stats.by_channel],
            title="経路別の質問数",
        ),
    }


async def dashboard(request: web.Request) -> web.Response:
    """GET /staff/dashboard: the last 30 days unless a range or filters are chosen."""
    store = request.app[REVIEW_STORE]
    flt, form = stats_query(request.query)
    stats = await asyncio.to_thread(store.stats, flt)
    channels = await asyncio.to_thread(store.channels)
    titles = topic_titles()
    pending = await asyncio.to_thread(pending_confirmations, request.app[SETTINGS].town_dir)
    feedback = await asyncio.to_thread(
        feedback_lines, store, flt, stats, titles=titles, language_labels=LANGUAGE_LABELS
    )
    return render(
        request,
        "dashboard.html",
        {
            "current": "dashboard",
            "pending_facts": [fact.notice for fact in pending],
            "stats": stats,
            "form": form,
            "channels": channels,
            "titles": titles,
            "charts": build_charts(stats, titles),
            "feedback_lines": feedback,
            "label_rows": {
                "languages": [(LANGUAGE_LABELS.get(c, c), a, r) for c, a, r in stats.by_language],
                "channels": [(CHANNEL_LABELS.get(c, c), a, r) for c, a, r in stats.by_channel],
            },
        },
    )


def add_routes(app: web.Application) -> None:
    """Adds the dashboard page.

    Args:
        app: the web application.
    """
    app.router.add_get("/staff/dashboard", dashboard)
