"""FakeStore, on which most staff-UI tests run, answers as the real ReviewStore does.

Both stores hold the same questions (captured through the real store on a
temporary SQLite file, then copied into the fake); every filter, page, review
action and login step below must give the same answer from both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest
from sqlalchemy.engine import URL

from bot.review.auth.passwords import hash_password
from bot.review.models import Candidate, NewQuestion, QuestionFilter
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.web.staff.conftest import PASSWORD
from tests.web.staff.fakes import FakeStore

# 14:30 UTC is 23:30 in Tokyo: the questions straddle a Tokyo midnight.
START = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
QUESTIONS = [
    ("粗大ごみの収集日は？", "rest", "ja", 0),
    ("ＤＸポリシーの期間", "socketio", "ja", 20),
    ("When does the DX policy end?", "line", "en", 40),
    ("Café hours?", "socketio", "en", 60),
    ("電話は090-1234-5678です、ゴミの日", "line", "ja", 80),
    ("Chính sách DX", "rest", "vi", 100),
]
FILTERS = [
    QuestionFilter(),
    QuestionFilter(status="new"),
    QuestionFilter(status="ignored"),
    QuestionFilter(language="en"),
    QuestionFilter(channel="line"),
    QuestionFilter(date_from=date(2026, 11, 21)),
    QuestionFilter(date_to=date(2026, 11, 20)),
    QuestionFilter(date_from=date(2026, 11, 21), date_to=date(2026, 11, 21), language="ja"),
    QuestionFilter(search="dx"),
    QuestionFilter(search="ｄｘ"),
    QuestionFilter(search="cafe"),
    QuestionFilter(search="CHINH"),
    QuestionFilter(search="ごみ"),
    QuestionFilter(search="090-1234"),
    QuestionFilter(search="   "),
    QuestionFilter(search="100%"),
]


@dataclass
class Stores:
    real: ReviewStore
    fake: FakeStore

    def both(self, call: Callable[[Any], Any]) -> Tuple[Any, Any]:
        return call(self.real), call(self.fake)


@pytest.fixture()
def stores(tmp_path: Path) -> Stores:
    settings = ReviewSettings(
        db_url=URL.create("sqlite", database=str(tmp_path / "review.db")),
        hash_key=b"test-key",
        export_dir=tmp_path / "reviewed",
    )
    real = ReviewStore.open(settings)
    real.add_user("staff", hash_password(PASSWORD))
    for number, (text, channel, language, minutes) in enumerate(QUESTIONS):
        real.capture(
            NewQuestion(
                text=text,
                channel=channel,
                language=language,
                reason="fallback",
                sender_id=f"resident-{number}",
                candidates=(Candidate("ask_contact", 0.4),),
                created_at=START + timedelta(minutes=minutes),
            )
        )
    fake = FakeStore(users={"staff": PASSWORD})
    fake.add(*real.list_questions(QuestionFilter(), limit=100)[0])
    return Stores(real, fake)


def ids(found: Tuple[List[Any], int]) -> Tuple[List[int], int]:
    questions, total = found
    return [question.id for question in questions], total


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_every_filter_finds_the_same_questions(stores: Stores, flt: QuestionFilter) -> None:
    real, fake = stores.both(lambda store: ids(store.list_questions(flt)))
    assert fake == real


@pytest.mark.parametrize(("limit", "offset"), [(2, 0), (2, 1), (2, 5), (10, 10), (0, 0)])
def test_pages_are_cut_alike(stores: Stores, limit: int, offset: int) -> None:
    real, fake = stores.both(
        lambda store: ids(store.list_questions(QuestionFilter(), limit=limit, offset=offset))
    )
    assert fake == real


def test_questions_and_channels_read_alike(stores: Stores) -> None:
    assert stores.fake.get_question(1) == stores.real.get_question(1)
    assert stores.fake.get_question(999) is stores.real.get_question(999) is None
    assert stores.fake.channels() == stores.real.channels()


def test_review_actions_leave_the_same_state_and_audit(stores: Stores) -> None:
    def review(store: Any) -> List[Tuple[Any, ...]]:
        store.assign_topic([1, 2], "faq/garbage_days", staff="sato")
        store.mark_new_faq([3], "The plan ends in March.", staff="sato")
        store.ignore([4], staff="kato")
        store.reopen([2], staff="kato")
        return [
            (q.id, q.status, q.topic, q.draft_answer, q.reviewed_by)
            for q in (store.get_question(i) for i in range(1, 7))
            if q is not None
        ] + [(i, [(e.staff, e.action, e.detail) for e in store.audit_log(i)]) for i in range(1, 7)]

    real, fake = stores.both(review)
    assert fake == real
    after = stores.both(lambda store: ids(store.list_questions(QuestionFilter(status="new"))))
    assert after[1] == after[0]


def test_logins_sessions_and_failures_behave_alike(stores: Stores) -> None:
    def login_steps(store: Any) -> List[Any]:
        token, session = store.create_session("staff", ttl=timedelta(hours=1))
        found = store.get_session(token)
        store.delete_session(token)
        store.record_login_failure("user:staff")
        store.record_login_failure("user:staff")
        counted = store.login_failures("user:staff", within=timedelta(minutes=5))
        store.clear_login_failures("user:staff")
        attempt = store.begin_login_attempt(["ip:1", "user:x"], window=timedelta(minutes=5))
        store.end_login_attempt(attempt, counted=False)
        second = store.begin_login_attempt(["ip:1"], window=timedelta(minutes=5))
        store.end_login_attempt(second, counted=True)
        third = store.begin_login_attempt(["ip:1"], window=timedelta(minutes=5))
        return [
            store.verify_login("staff", PASSWORD),
            store.verify_login("staff", "wrong"),
            store.verify_login("nobody", PASSWORD),
            store.has_any_user(),
            found is not None and found.username == session.username == "staff",
            store.get_session(token),
            store.get_session("no-such-token"),
            counted,
            store.login_failures("user:staff", within=timedelta(minutes=5)),
            attempt.failures,
            third.failures,
        ]

    real, fake = stores.both(login_steps)
    assert fake == real


def test_teaching_records_and_change_log_behave_alike(stores: Stores) -> None:
    def teach(store: Any) -> List[Any]:
        store.save_answer_edit("utter_greet", "en", "Hello!", staff="sato", previous="Hi.")
        store.save_answer_edit("utter_greet", "en", "Hello there!", staff="kato")
        store.save_answer_edit("utter_thank", "ja", "どういたしまして", staff="kato")
        store.save_answer_edit("utter_thank", "ja", None, staff="sato", previous="どういたしまして")
        first = store.add_taught_example("ask_contact", "ja", "役場の電話番号", staff="kato")
        store.add_taught_example("ask_office_hours", "en", "opening hours?", staff="kato")
        removed = store.remove_taught_example(first.id, staff="sato")
        store.assign_topic([1], "ask_contact", staff="sato")
        store.log_change("system", "published", "model-1", "学習して反映")
        return [
            [(e.response, e.language, e.text, e.edited_by) for e in store.current_answer_edits()],
            [(e.response, e.text) for e in store.answer_edits()],
            [(e.topic, e.language, e.text) for e in store.taught_examples()],
            [(e.text, e.removed_by) for e in store.taught_examples(include_removed=True)],
            [e.text for e in store.taught_examples(topic="ask_contact")],
            removed is not None and removed.removed_by,
            store.remove_taught_example(first.id, staff="sato"),
            [(c.staff, c.action, c.subject, c.detail) for c in store.change_log()],
            len(store.change_log(limit=2)),
            [q.id for q in store.assigned_questions()],
        ]

    real, fake = stores.both(teach)
    assert fake == real
