"""The dashboard's 「住民の評価」 section: はい／いいえ per topic and language,
the share of はい and that language's answered rate."""

from __future__ import annotations

from aiohttp import web

from bot.review.models import StatsFilter
from bot.review.stats.feedback import FeedbackRow
from bot.web.staff.feedback_section import feedback_lines
from bot.web.staff.render import LANGUAGE_LABELS
from tests.web.staff.fakes import FakeStore
from tests.web.staff.test_dashboard import XSS, page, sample_stats


def test_lines_carry_titles_shares_and_the_answered_rate(store: FakeStore) -> None:
    store.feedback_result = [
        FeedbackRow("ask_policy_period", "en", 1, 3),
        FeedbackRow("ask_contact", "pt", 2, 0),
    ]
    stats = sample_stats()
    flt = StatsFilter(stats.days[0].day, stats.days[-1].day)
    first, second = feedback_lines(
        store,
        flt,
        stats,
        titles={"ask_policy_period": "DXポリシーの期間"},
        language_labels=LANGUAGE_LABELS,
    )
    assert (first.topic, first.language) == ("DXポリシーの期間", "英語")
    assert (first.helpful, first.not_helpful, first.helpful_share) == (1, 3, 0.25)
    assert first.answered_rate == 0.5  # en: 1 answered, 1 routed
    assert second.topic == "ask_contact" and second.answered_rate == 0.0  # no pt messages


def test_dashboard_shows_the_section_with_counts_and_shares(
    app: web.Application, store: FakeStore
) -> None:
    store.stats_result = sample_stats()
    store.feedback_result = [FeedbackRow("faq/policy_period", "ja", 3, 1)]
    text = page(app, "/staff/dashboard")
    section = text[text.index('id="h-feedback"') :]
    assert "住民の評価" in section and "DXポリシーの期間" in section and "日本語" in section
    assert "<td>3</td><td>1</td><td>75%</td><td>88%</td>" in section  # ja: 7 of 8 answered
    assert "faq/policy_period" not in section


def test_dashboard_says_when_nobody_has_answered(app: web.Application, store: FakeStore) -> None:
    text = page(app, "/staff/dashboard")
    assert "住民からの評価はまだありません" in text


def test_topic_names_in_the_section_are_escaped(app: web.Application, store: FakeStore) -> None:
    store.feedback_result = [FeedbackRow(XSS, "ja", 1, 0)]
    text = page(app, "/staff/dashboard")
    assert XSS not in text and "&lt;script&gt;" in text
