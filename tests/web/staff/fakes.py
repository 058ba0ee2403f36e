"""An in-memory review store with the methods of bot.review.storage.store.ReviewStore.

For the web UI's unit tests: no database, and tests can look at what the
handlers asked for (filters, actions). test_fake_store_contract.py checks that
it answers as the real store does (filters, search, paging, review actions,
logins); searching uses the real store's `matches_search`.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from bot.review.auth.logins import LoginAttempt
from bot.review.models import (
    AnswerEdit,
    AuditEntry,
    Candidate,
    ChangeLogEntry,
    Cluster,
    DailyCount,
    Question,
    QuestionFilter,
    StaffSession,
    Stats,
    StatsFilter,
    TaughtExample,
)
from bot.review.stats.feedback import FeedbackRow
from bot.review.storage.queries import matches_search
from bot.review.storage.teaching import summary
from bot.web.staff.render import TOKYO

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def make_question(
    qid: int,
    text: str,
    *,
    minutes: int = 0,
    language: str = "ja",
    channel: str = "socketio",
    status: str = "new",
    candidates: Tuple[Candidate, ...] = (),
    created_at: Optional[datetime] = None,
) -> Question:
    """A stored question (created `minutes` after T0 unless `created_at` is given)."""
    return Question(
        id=qid,
        created_at=created_at or T0 + timedelta(minutes=minutes),
        channel=channel,
        language=language,
        text=text,
        reason="fallback",
        candidates=candidates,
        conversation_hash=f"{qid:064x}",
        status=status,
        topic=None,
        draft_answer=None,
        reviewed_by=None,
        reviewed_at=None,
        exported_at=None,
    )


class FakeStore:
    """Questions, clusters (given by the test), staff users, sessions and failures."""

    def __init__(self, users: Optional[Dict[str, str]] = None) -> None:
        self.questions: Dict[int, Question] = {}
        self.groups: List[Tuple[int, ...]] = []  # clusters as member ids
        self.users = dict(users or {})
        self.sessions: Dict[str, StaffSession] = {}
        self.failures: Dict[str, List[datetime]] = {}
        self.attempts: Dict[int, List[str]] = {}
        self.attempt_lock = threading.Lock()
        self.verified = 0
        self.audits: Dict[int, List[AuditEntry]] = {}
        self.stats_result: Optional[Stats] = None
        self.stats_asked: List[StatsFilter] = []
        self.feedback_result: List[FeedbackRow] = []
        self.edits: List[AnswerEdit] = []
        self.examples: Dict[int, TaughtExample] = {}
        self.changes: List[ChangeLogEntry] = []

    def add(self, *questions: Question) -> None:
        for question in questions:
            self.questions[question.id] = question

    # inbox
    def _matches(self, question: Question, flt: QuestionFilter) -> bool:
        day = question.created_at.astimezone(TOKYO).date()
        return (
            (flt.status is None or question.status == flt.status)
            and (flt.language is None or question.language == flt.language)
            and (flt.channel is None or question.channel == flt.channel)
            and (flt.date_from is None or day >= flt.date_from)
            and (flt.date_to is None or day <= flt.date_to)
            and (
                not (flt.search and flt.search.strip()) or matches_search(flt.search, question.text)
            )
        )

    def list_questions(
        self, flt: QuestionFilter, *, limit: int = 50, offset: int = 0
    ) -> Tuple[List[Question], int]:
        found = sorted(
            (q for q in self.questions.values() if self._matches(q, flt)),
            key=lambda q: (q.created_at, q.id),
            reverse=True,
        )
        return found[offset : offset + limit], len(found)

    def get_question(self, question_id: int) -> Optional[Question]:
        return self.questions.get(question_id)

    def clusters(self, flt: QuestionFilter) -> List[Cluster]:
        result = []
        for ids in self.groups:
            members = [self.questions[i] for i in ids if self._matches(self.questions[i], flt)]
            if not members:
                continue
            newest = max(members, key=lambda q: q.created_at)
            result.append(
                Cluster(
                    id=f"c{min(q.id for q in members)}",
                    representative=newest,
                    question_ids=tuple(q.id for q in members),
                    count=len(members),
                    languages=tuple(sorted({q.language for q in members})),
                    top_candidates=newest.candidates,
                    latest_at=newest.created_at,
                )
            )
        return sorted(result, key=lambda c: (-c.count, -c.latest_at.timestamp()))

    def channels(self) -> List[str]:
        return sorted({q.channel for q in self.questions.values()})

    # review actions
    def _review(
        self, ids: Sequence[int], staff: str, action: str, detail: str, **changes: object
    ) -> int:
        now = datetime.now(UTC)
        cleared = {"topic": None, "draft_answer": None, "exported_at": None}
        for qid in ids:
            self.questions[qid] = replace(
                self.questions[qid], reviewed_by=staff, reviewed_at=now, **{**cleared, **changes}
            )
            self.audits.setdefault(qid, []).append(AuditEntry(now, staff, action, detail))
        return len(ids)

    def assign_topic(self, ids: Sequence[int], topic: str, *, staff: str) -> int:
        return self._review(ids, staff, "assigned", topic, status="assigned", topic=topic)

    def mark_new_faq(self, ids: Sequence[int], draft_answer: str, *, staff: str) -> int:
        draft = draft_answer.strip()
        return self._review(
            ids, staff, "new_faq", draft, status="new_faq", draft_answer=draft or None
        )

    def ignore(self, ids: Sequence[int], *, staff: str) -> int:
        return self._review(ids, staff, "ignored", "", status="ignored")

    def reopen(self, ids: Sequence[int], *, staff: str) -> int:
        return self._review(ids, staff, "reopened", "", status="new")

    def audit_log(self, question_id: int) -> List[AuditEntry]:
        return list(self.audits.get(question_id, []))

    def assigned_questions(self, *, since: Optional[datetime] = None) -> List[Question]:
        found = [
            q
            for q in self.questions.values()
            if q.status == "assigned"
            and (since is None or (q.reviewed_at is not None and q.reviewed_at > since))
        ]
        return sorted(found, key=lambda q: (q.reviewed_at or T0, q.id))

    # teaching
    def log_change(self, staff: str, action: str, subject: str, detail: str = "") -> None:
        entry = ChangeLogEntry(len(self.changes) + 1, datetime.now(UTC), staff, action, subject)
        self.changes.append(replace(entry, detail=detail))

    def change_log(self, limit: int = 50, since: Optional[datetime] = None) -> List[ChangeLogEntry]:
        found = [c for c in self.changes if since is None or c.at > since]
        return sorted(found, key=lambda c: (c.at, c.id), reverse=True)[: max(0, limit)]

    def save_answer_edit(
        self, response: str, language: str, text: Optional[str], *, staff: str, previous: str = ""
    ) -> AnswerEdit:
        value = text or None
        edit = AnswerEdit(len(self.edits) + 1, response, language, value, staff, datetime.now(UTC))
        self.edits.append(edit)
        action = "answer_edited" if value else "answer_reverted"
        self.log_change(
            staff, action, f"{response}:{language}", f"{summary(previous)} → {summary(value)}"
        )
        return edit

    def current_answer_edits(self) -> List[AnswerEdit]:
        newest: Dict[Tuple[str, str], AnswerEdit] = {}
        for edit in self.edits:
            newest[(edit.response, edit.language)] = edit
        return [newest[key] for key in sorted(newest) if newest[key].text]

    def answer_edits(self, *, since: Optional[datetime] = None) -> List[AnswerEdit]:
        found = [e for e in self.edits if since is None or e.edited_at > since]
        return sorted(found, key=lambda e: (e.edited_at, e.id), reverse=True)

    def add_taught_example(
        self, topic: str, language: str, text: str, *, staff: str
    ) -> TaughtExample:
        example_id = len(self.examples) + 1
        example = TaughtExample(example_id, topic, language, text, staff, datetime.now(UTC))
        self.examples[example_id] = example
        self.log_change(staff, "example_added", f"{topic}:{language}", summary(text))
        return example

    def remove_taught_example(self, example_id: int, *, staff: str) -> Optional[TaughtExample]:
        example = self.examples.get(example_id)
        if example is None or example.removed_at is not None:
            return None
        removed = replace(example, removed_at=datetime.now(UTC), removed_by=staff)
        self.examples[example_id] = removed
        subject = f"{example.topic}:{example.language}"
        self.log_change(staff, "example_removed", subject, summary(example.text))
        return removed

    def taught_examples(
        self,
        *,
        topic: Optional[str] = None,
        include_removed: bool = False,
        since: Optional[datetime] = None,
    ) -> List[TaughtExample]:
        def changed(e: TaughtExample) -> bool:
            removed_after = bool(e.removed_at and since and e.removed_at > since)
            return since is None or e.added_at > since or removed_after

        return [
            e
            for e in sorted(self.examples.values(), key=lambda e: (e.added_at, e.id))
            if (topic is None or e.topic == topic)
            and (include_removed or e.removed_at is None)
            and changed(e)
        ]

    # dashboard
    def stats(self, flt: StatsFilter) -> Stats:
        self.stats_asked.append(flt)
        if self.stats_result is not None:
            return self.stats_result
        days = []
        day = flt.date_from
        while day <= flt.date_to:
            days.append(DailyCount(day=day, answered=0, routed=0))
            day = date.fromordinal(day.toordinal() + 1)
        return Stats(tuple(days), 0, 0, 0, 0.0, (), (), (), ())

    def feedback(self, flt: StatsFilter) -> List[FeedbackRow]:
        return list(self.feedback_result)

    # staff auth
    def verify_login(self, username: str, password: str) -> bool:
        self.verified += 1
        expected = self.users.get(username)
        return expected is not None and secrets.compare_digest(expected, password)

    def has_any_user(self) -> bool:
        return bool(self.users)

    def create_session(
        self, username: str, *, ttl: timedelta = timedelta(hours=8)
    ) -> Tuple[str, StaffSession]:
        token = secrets.token_urlsafe(32)
        session = StaffSession(username, secrets.token_urlsafe(32), datetime.now(UTC) + ttl)
        self.sessions[token] = session
        return token, session

    def get_session(self, token: str) -> Optional[StaffSession]:
        session = self.sessions.get(token)
        if session is None or session.expires_at <= datetime.now(UTC):
            return None
        return session

    def delete_session(self, token: str) -> None:
        self.sessions.pop(token, None)

    def record_login_failure(self, key: str) -> None:
        self.failures.setdefault(key, []).append(datetime.now(UTC))

    def login_failures(self, key: str, *, within: timedelta) -> int:
        since = datetime.now(UTC) - within
        return sum(1 for at in self.failures.get(key, []) if at >= since)

    def clear_login_failures(self, key: str) -> None:
        self.failures.pop(key, None)

    def begin_login_attempt(self, keys: Sequence[str], *, window: timedelta) -> LoginAttempt:
        # The real store does this in one transaction; one lock stands in for it.
        with self.attempt_lock:
            now = datetime.now(UTC)
            counts, last = {}, {}
            for key in keys:
                earlier = [at for at in self.failures.get(key, []) if at > now - window]
                counts[key] = len(earlier)
                last[key] = max(earlier, default=None)
                self.failures.setdefault(key, []).append(now)
            self.attempts[id(counts)] = list(keys)
            return LoginAttempt((id(counts),), counts, last, now)

    def end_login_attempt(
        self, attempt: LoginAttempt, *, counted: bool, clear_key: Optional[str] = None
    ) -> None:
        with self.attempt_lock:
            keys = self.attempts.pop(attempt.ids[0], [])
            if not counted:
                for key in keys:
                    self.failures[key].pop()
            if clear_key is not None:
                self.failures.pop(clear_key, None)
