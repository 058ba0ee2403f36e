"""Dashboard numbers and their CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from bot.review.models import NewQuestion, QuestionFilter, StatsFilter
from bot.review.stats.csv_files import questions_csv, safe_cell, stats_csv
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock


def test_stats_cover_every_day_and_split_answered_and_routed(
    store: ReviewStore, clock: FakeClock
) -> None:
    today = clock.now.date()
    for intent, routed, channel, language in [
        ("ask_contact", False, "rest", "ja"),
        ("ask_contact", False, "line", "ja"),
        ("ask_office_hours", False, "rest", "en"),
        ("nlu_fallback", True, "rest", "ja"),
    ]:
        store.count_message(channel=channel, language=language, intent=intent, routed=routed)
    store.count_message(
        channel="rest",
        language="ja",
        intent="greet",
        routed=False,
        at=clock.now - timedelta(days=2),
    )
    store.capture(NewQuestion("粗大ごみの日は", "rest", "ja", "fallback", "r1"))
    stats = store.stats(StatsFilter(today - timedelta(days=3), today))
    assert [d.day for d in stats.days] == [today - timedelta(days=i) for i in (3, 2, 1, 0)]
    assert [(d.answered, d.routed) for d in stats.days] == [(0, 0), (1, 0), (0, 0), (3, 1)]
    assert (stats.total_messages, stats.answered, stats.routed) == (5, 4, 1)
    assert stats.answered_rate == 0.8
    assert stats.top_topics[0] == ("ask_contact", 2)
    assert dict((name, (a, r)) for name, a, r in stats.by_channel) == {
        "rest": (3, 1),
        "line": (1, 0),
    }
    assert stats.by_language[0] == ("ja", 3, 1)
    assert stats.top_unanswered[0].representative.text == "粗大ごみの日は"
    english = store.stats(StatsFilter(today, today, language="en"))
    assert english.total_messages == 1 and english.top_unanswered == ()


def test_empty_range_has_zero_rate(store: ReviewStore) -> None:
    stats = store.stats(StatsFilter(date(2026, 1, 1), date(2026, 1, 1)))
    assert stats.answered_rate == 0.0 and len(stats.days) == 1


def test_stats_csv(sqlite_store: ReviewStore, clock: FakeClock) -> None:
    today = clock.now.date()
    sqlite_store.count_message(channel="rest", language="ja", intent="ask_contact", routed=False)
    rows = list(csv.reader(io.StringIO(stats_csv(sqlite_store.stats(StatsFilter(today, today))))))
    assert rows[0] == ["日付", "ボットが回答", "職員へ", "合計", "回答率"]
    assert rows[1] == [today.isoformat(), "1", "0", "1", "1.0"]
    assert rows[-1][0] == "合計"


def test_questions_csv_quotes_and_guards_formulas(sqlite_store: ReviewStore) -> None:
    for text in ['=HYPERLINK("http://evil")', "+1+2", "-cmd", "@SUM(A1)", 'a,b "c"\nd']:
        sqlite_store.capture(NewQuestion(text, "rest", "ja", "fallback", "r"))
    questions, _ = sqlite_store.list_questions(QuestionFilter())
    rows = list(csv.reader(io.StringIO(questions_csv(questions))))
    texts = [row[rows[0].index("質問")] for row in rows[1:]]
    assert texts == [
        'a,b "c"\nd',
        "'@SUM(A1)",
        "'-cmd",
        "'+1+2",
        '\'=HYPERLINK("http://evil")',
    ]


def test_safe_cell() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("\t=x") == "'\t=x"
    assert safe_cell(-3) == "-3"  # numbers are not text
    assert safe_cell(None) == ""
    assert safe_cell("普通の質問") == "普通の質問"
