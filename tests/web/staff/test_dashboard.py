"""The dashboard page and its filters."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from bot.review.models import Cluster, DailyCount, Stats
from bot.web.staff.forms import today_in_tokyo
from tests.web.staff.conftest import pages
from tests.web.staff.fakes import FakeStore, make_question

XSS = "<script>alert(1)</script>"


def page(app: web.Application, path: str) -> str:
    return pages(app, path)[0]


def sample_stats() -> Stats:
    question = make_question(9, XSS)
    cluster = Cluster("c9", question, (9,), 3, ("ja",), (), question.created_at)
    return Stats(
        days=(DailyCount(date(2026, 11, 1), 8, 2), DailyCount(date(2026, 11, 2), 0, 0)),
        total_messages=10,
        answered=8,
        routed=2,
        answered_rate=0.8,
        top_topics=(("faq/policy_period", 6),),
        top_unanswered=(cluster,),
        by_language=(("ja", 7, 1), ("en", 1, 1)),
        by_channel=(("socketio", 8, 2),),
    )


def test_dashboard_defaults_to_the_last_30_days(app: web.Application, store: FakeStore) -> None:
    page(app, "/staff/dashboard")
    asked = store.stats_asked[-1]
    assert asked.date_to == today_in_tokyo()
    assert asked.date_to - asked.date_from == timedelta(days=29)
    assert (asked.language, asked.channel) == (None, None)


def test_dashboard_filters_reach_the_store(app: web.Application, store: FakeStore) -> None:
    page(app, "/staff/dashboard?from=2026-11-01&to=2026-11-10&language=en&channel=line")
    asked = store.stats_asked[-1]
    assert (asked.date_from, asked.date_to) == (date(2026, 11, 1), date(2026, 11, 10))
    assert (asked.language, asked.channel) == ("en", "line")


def test_dashboard_shows_numbers_charts_and_escaped_labels(
    app: web.Application, store: FakeStore
) -> None:
    store.stats_result = sample_stats()
    text = page(app, "/staff/dashboard")
    assert "80%" in text and "10件" in text
    assert text.count("<svg") == 6
    assert "DXポリシーの期間" in text  # topic titles, not intent names
    assert "英語" in text and "ウェブサイト" in text
    assert XSS not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'scope="row"' in text and 'scope="col"' in text
    assert "style=" not in text and "<script" not in text


def test_dashboard_lists_town_facts_waiting_for_confirmation(
    app: web.Application, store: FakeStore
) -> None:
    text = page(app, "/staff/dashboard")
    assert "町の確認待ちの情報" in text
    assert "受付時間とお休みの日は、町の確認待ちです" in text
    assert "お問い合わせページのアドレス（URL）は、町の確認待ちです" in text
    assert "ポリシーのページのアドレス（URL）は、町の確認待ちです" in text
    assert "技術担当者に伝えてください" in text
    assert ".yml" not in text  # no file names for staff
