"""The inbox, its filters, paging, clusters and the question page."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.models import Candidate
from tests.web.staff.conftest import logged_in_page, pages, with_client
from tests.web.staff.fakes import FakeStore, make_question

XSS = "<script>alert(1)</script>"


def page(app: web.Application, path: str) -> str:
    return pages(app, path)[0]


def rows(text: str) -> list[str]:
    """The question texts of the inbox table, in order."""
    return [
        html.unescape(t) for t in re.findall(r'<a href="/staff/questions/\d+">([^<]*)</a>', text)
    ]


def test_inbox_lists_newest_first_in_tokyo_time(app: web.Application, store: FakeStore) -> None:
    store.add(
        make_question(1, "古い質問", created_at=datetime(2026, 11, 26, 1, 0, tzinfo=UTC)),
        make_question(2, "新しい質問", created_at=datetime(2026, 11, 27, 15, 30, tzinfo=UTC)),
    )
    text = page(app, "/staff")
    assert rows(text) == ["新しい質問", "古い質問"]
    assert "2026-11-28 00:30" in text  # 15:30 UTC is 00:30 the next day in Tokyo
    assert "2件" in text
    assert '<html lang="ja">' in text


def test_stored_script_is_shown_as_text(app: web.Application, store: FakeStore) -> None:
    store.add(make_question(1, XSS))
    store.groups = [(1,)]
    for path, text in zip(
        ["/staff", "/staff/questions/1", "/staff/clusters"],
        pages(app, "/staff", "/staff/questions/1", "/staff/clusters"),
        strict=True,
    ):
        assert XSS not in text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, path


def test_by_default_only_open_questions_are_shown(app: web.Application, store: FakeStore) -> None:
    store.add(make_question(1, "未対応の質問"), make_question(2, "対応済み", status="assigned"))
    default, every, assigned = pages(app, "/staff", "/staff?status=all", "/staff?status=assigned")
    assert rows(default) == ["未対応の質問"]
    assert set(rows(every)) == {"未対応の質問", "対応済み"}
    assert rows(assigned) == ["対応済み"]


def test_filters_and_search(app: web.Application, store: FakeStore) -> None:
    store.add(
        make_question(1, "ごみの日", language="ja", channel="socketio", minutes=1),
        make_question(2, "garbage day", language="en", channel="line", minutes=2),
        make_question(3, "ごみの分別", language="ja", channel="line", minutes=3),
        make_question(4, "昨日のごみ", created_at=datetime(2026, 11, 10, 3, 0, tzinfo=UTC)),
    )
    english, line, search, dated, nonsense = pages(
        app,
        "/staff?language=en",
        "/staff?channel=line",
        "/staff?q=ごみ&language=ja",
        "/staff?from=2026-11-01&to=2026-11-15",
        "/staff?language=xx&from=yesterday&page=abc",
    )
    assert rows(english) == ["garbage day"]
    assert rows(line) == ["ごみの分別", "garbage day"]
    assert rows(search) == ["ごみの分別", "ごみの日", "昨日のごみ"]
    assert rows(dated) == ["昨日のごみ"]
    assert len(rows(nonsense)) == 4  # nonsense values are ignored, not an error


def test_filter_form_keeps_the_chosen_values(app: web.Application, store: FakeStore) -> None:
    store.add(make_question(1, "q", channel="line"))
    text = page(app, "/staff?language=en&channel=line&q=%22%3E%3Cb%3E")
    assert '<option value="en" selected>英語</option>' in text
    assert '<option value="line" selected>LINE</option>' in text
    assert 'value="&#34;&gt;&lt;b&gt;"' in text  # the search box value, escaped


def test_paging(app: web.Application, store: FakeStore) -> None:
    store.add(*[make_question(i, f"質問{i:03d}", minutes=i) for i in range(1, 61)])
    first, second = pages(app, "/staff", "/staff?page=2")
    assert len(rows(first)) == 50 and rows(first)[0] == "質問060"
    assert rows(second) == [f"質問{i:03d}" for i in range(10, 0, -1)]
    assert "次のページ" in first and "前のページ" in second and "2 / 2 ページ" in second


def test_clusters_show_one_row_with_a_count_and_members(
    app: web.Application, store: FakeStore
) -> None:
    store.add(
        *[make_question(i, f"粗大ごみの日{i}", minutes=i) for i in (1, 2, 3)],
        make_question(4, "別の質問", minutes=4),
    )
    store.groups = [(1, 2, 3), (4,)]
    text = page(app, "/staff/clusters")
    assert "2グループ（質問4件）" in text
    assert text.index("3件") < text.index("別の質問")  # biggest first
    assert "<details>" in text
    for qid in (1, 2, 3):
        assert f'<input type="hidden" name="ids" value="{qid}">' in text


@pytest.mark.parametrize("path", ["/staff/questions/99", "/staff/questions/abc"])
def test_unknown_question_is_not_found(app: web.Application, path: str) -> None:
    async def scenario(client: TestClient) -> int:
        status, _ = await logged_in_page(client, path)
        return status

    assert with_client(app, scenario) == 404


def test_question_page_offers_the_bots_guesses_first(
    app: web.Application, store: FakeStore
) -> None:
    guesses = (Candidate("faq/garbage_days", 0.42), Candidate("faq/basic_principles", 0.1))
    store.add(make_question(1, "粗大ごみの収集日は？電話は[電話番号]", candidates=guesses))
    text = page(app, "/staff/questions/1")
    options = re.findall(r'<option value="([^"]+)"', text)
    assert options[:2] == ["faq/garbage_days", "faq/basic_principles"]
    assert "ごみの収集日（42%）" in text
    assert set(options) >= {"faq/policy_period", "greet"}
    assert 'label for="q1-topic"' in text and 'id="q1-topic"' in text
    assert "未対応に戻す" not in text  # it is open already
