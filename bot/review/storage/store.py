"""The review store: captured questions, staff reviews, counts and logins.

SQLAlchemy Core over SQLite (default, WAL mode so the action server and the
web server share the file) or PostgreSQL. Opening the store runs the schema
migrations. Every method is synchronous and opens its own short transaction;
the web UI may call them from a thread.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable, List, Optional, Sequence, Tuple

from sqlalchemy import func, select, union
from sqlalchemy.engine import Engine

from bot.review.auth import logins
from bot.review.capture import writes
from bot.review.capture.feedback_counts import add_feedback_count
from bot.review.clock import utc_now
from bot.review.models import (
    STATUS_ASSIGNED,
    STATUS_IGNORED,
    STATUS_NEW,
    STATUS_NEW_FAQ,
    AnswerEdit,
    AuditEntry,
    ChangeLogEntry,
    Cluster,
    NewQuestion,
    Question,
    QuestionFilter,
    StaffSession,
    Stats,
    StatsFilter,
    TaughtExample,
)
from bot.review.settings import ReviewSettings
from bot.review.stats import counts
from bot.review.stats.feedback import FeedbackRow, feedback_rows
from bot.review.storage import schema, teaching
from bot.review.storage.migrations import migrate
from bot.review.storage.queries import (
    audit_entries,
    filter_clauses,
    question_from_row,
)
from bot.review.triage import decisions
from bot.stores.sql_env import create_sql_engine

logger = logging.getLogger(__name__)

# Questions considered when grouping (the newest that match the filter).
MAX_CLUSTERED = 2000


class ReviewStore:
    """All reads and writes of the review database."""

    def __init__(
        self,
        engine: Engine,
        settings: ReviewSettings,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Wraps an engine whose schema is already migrated (use `open`)."""
        self.engine = engine
        self.settings = settings
        self.clock = clock

    @classmethod
    def open(
        cls, settings: ReviewSettings, *, clock: Callable[[], datetime] = utc_now
    ) -> ReviewStore:
        """Connects to the configured database and brings its schema up to date.

        Args:
            settings: from `load_review_settings`.
            clock: the source of "now" (tests pass a fixed one).

        Returns:
            The store.

        Raises:
            sqlalchemy.exc.SQLAlchemyError: the database cannot be reached.
        """
        engine = create_sql_engine(settings.db_url)
        try:
            migrate(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, settings, clock=clock)

    def close(self) -> None:
        """Closes the connections (the store can no longer be used)."""
        self.engine.dispose()

    # --- capture (see bot.review.capture.writes) ---------------------------

    def capture(self, question: NewQuestion) -> int:
        """Stores a routed question, redacted, and returns its id.

        A "not helpful" question the same conversation already sent updates
        that row's reason instead of adding a second row.

        Args:
            question: the raw question from the action server.

        Returns:
            The id of the stored (or updated) question.
        """
        return writes.insert_question(
            self.engine, question, key=self.settings.hash_key, now=self.clock()
        )

    def count_message(
        self,
        *,
        channel: str,
        language: str,
        intent: Optional[str],
        routed: bool,
        at: Optional[datetime] = None,
        count: int = 1,
    ) -> None:
        """Adds resident messages to the day's counters (no text is kept).

        Args:
            channel: the input channel ("unknown" if none).
            language: the answer language.
            intent: the intent the bot recognised, if any.
            routed: whether the message went to the office.
            at: when (default now); counted on its Asia/Tokyo day.
            count: how many such messages (the counter batches them).
        """
        writes.add_message_count(
            self.engine,
            channel=channel,
            language=language,
            intent=intent or "",
            routed=routed,
            at=at or self.clock(),
            count=count,
        )

    def count_feedback(
        self,
        *,
        channel: str,
        language: str,
        topic: str,
        helpful: bool,
        at: Optional[datetime] = None,
    ) -> None:
        """Counts a resident's 「解決しましたか？」 answer to a topic (no text is kept).

        Args:
            channel: the input channel ("unknown" if none).
            language: the answer language.
            topic: the intent whose answer was judged.
            helpful: True for 「はい」, False for 「いいえ」.
            at: when (default now); counted on its Asia/Tokyo day.
        """
        add_feedback_count(
            self.engine,
            channel=channel,
            language=language,
            topic=topic,
            helpful=helpful,
            at=at or self.clock(),
        )

    # --- inbox -----------------------------------------------------------

    def list_questions(
        self, flt: QuestionFilter, *, limit: int = 50, offset: int = 0
    ) -> Tuple[List[Question], int]:
        """Questions matching `flt`, newest first, and how many match in all."""
        table = schema.questions
        clauses = filter_clauses(flt)
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(table).where(*clauses)
            ).scalar_one()
            rows = connection.execute(
                select(table)
                .where(*clauses)
                .order_by(table.c.created_at.desc(), table.c.id.desc())
                .limit(max(0, limit))
                .offset(max(0, offset))
            ).mappings()
            return [question_from_row(row) for row in rows], int(total)

    def get_question(self, question_id: int) -> Optional[Question]:
        """One question, or None if there is no such id."""
        table = schema.questions
        with self.engine.connect() as connection:
            row = (
                connection.execute(select(table).where(table.c.id == question_id))
                .mappings()
                .first()
            )
        return question_from_row(row) if row else None

    def questions_by_ids(self, ids: Sequence[int]) -> List[Question]:
        """The questions with these ids (unknown ids are left out), newest first."""
        if not ids:
            return []
        table = schema.questions
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table)
                .where(table.c.id.in_([int(i) for i in ids]))
                .order_by(table.c.created_at.desc(), table.c.id.desc())
            ).mappings()
            return [question_from_row(row) for row in rows]

    def clusters(self, flt: QuestionFilter) -> List[Cluster]:
        """Questions matching `flt` grouped by meaning, biggest group first, then newest."""
        from bot.review.triage.cluster import cluster_questions  # scikit-learn: load when needed

        questions, _ = self.list_questions(flt, limit=MAX_CLUSTERED)
        return cluster_questions(questions)

    def channels(self) -> List[str]:
        """Every channel seen in questions or counters, for the inbox filter."""
        query = union(select(schema.questions.c.channel), select(schema.message_counts.c.channel))
        with self.engine.connect() as connection:
            return sorted(str(row[0]) for row in connection.execute(query))

    # --- review actions (see bot.review.triage.decisions) --------------------

    def _review(
        self, ids: Sequence[int], *, staff: str, action: str, detail: str, values: dict
    ) -> int:
        return decisions.apply_review(
            self.engine,
            ids,
            staff=staff,
            action=action,
            detail=detail,
            values=values,
            now=self.clock(),
        )

    def assign_topic(self, ids: Sequence[int], topic: str, *, staff: str) -> int:
        """Marks questions as examples of intent `topic`; returns how many changed.

        Raises:
            ValueError: `topic` is blank.
        """
        topic = topic.strip()
        if not topic:
            raise ValueError("Choose a topic (an intent name) to assign.")
        values = {
            "status": STATUS_ASSIGNED,
            "topic": topic,
            "draft_answer": None,
            "exported_at": None,
        }
        return self._review(ids, staff=staff, action=STATUS_ASSIGNED, detail=topic, values=values)

    def mark_new_faq(self, ids: Sequence[int], draft_answer: str, *, staff: str) -> int:
        """Marks questions as needing a new FAQ answer, with a draft; returns how many."""
        draft = draft_answer.strip()
        values = {
            "status": STATUS_NEW_FAQ,
            "topic": None,
            "draft_answer": draft or None,
            "exported_at": None,
        }
        return self._review(ids, staff=staff, action=STATUS_NEW_FAQ, detail=draft, values=values)

    def ignore(self, ids: Sequence[int], *, staff: str) -> int:
        """Marks questions as ignored (spam, noise); returns how many."""
        values = {
            "status": STATUS_IGNORED,
            "topic": None,
            "draft_answer": None,
            "exported_at": None,
        }
        return self._review(ids, staff=staff, action=STATUS_IGNORED, detail="", values=values)

    def reopen(self, ids: Sequence[int], *, staff: str) -> int:
        """Puts questions back to "new" (the audit log keeps the earlier review)."""
        values = {"status": STATUS_NEW, "topic": None, "draft_answer": None, "exported_at": None}
        return self._review(ids, staff=staff, action="reopened", detail="", values=values)

    def audit_log(self, question_id: int) -> List[AuditEntry]:
        """Staff actions on a question, oldest first."""
        return audit_entries(self.engine, question_id)

    def questions_to_export(self) -> List[Question]:
        """Questions assigned to a topic and not yet exported, oldest first."""
        return decisions.questions_to_export(self.engine)

    def exported_questions(self, *, since: Optional[datetime] = None) -> List[Question]:
        """Assigned questions already exported (after `since`, if given)."""
        return decisions.exported_questions(self.engine, since)

    def mark_exported(self, ids: Sequence[int]) -> None:
        """Records that these questions are in the training data now."""
        decisions.mark_exported(self.engine, ids, self.clock())

    def assigned_questions(self, *, since: Optional[datetime] = None) -> List[Question]:
        """Questions assigned to a topic, exported or not (reviewed after `since`)."""
        return decisions.assigned_questions(self.engine, since)

    # --- teaching (see bot.review.storage.teaching) -------------------------

    def save_answer_edit(
        self, response: str, language: str, text: Optional[str], *, staff: str, previous: str = ""
    ) -> AnswerEdit:
        """Stores an answer's new text (None or "": back to the original); logged.

        Args:
            response: the response name.
            language: the answer language.
            text: the checked new text, or None to go back to the original.
            staff: who edits.
            previous: the text shown before, for the change log's summary.

        Returns:
            The stored edit.
        """
        return teaching.save_answer_edit(
            self.engine,
            response=response,
            language=language,
            text=text,
            previous=previous,
            staff=staff,
            now=self.clock(),
        )

    def current_answer_edits(self) -> List[AnswerEdit]:
        """The current staff text of every answer and language that has one."""
        return teaching.current_answer_edits(self.engine)

    def answer_edits(self, *, since: Optional[datetime] = None) -> List[AnswerEdit]:
        """Every answer edit (reverts included), newest first, after `since` if given."""
        return teaching.answer_edits(self.engine, since=since)

    def add_taught_example(
        self, topic: str, language: str, text: str, *, staff: str
    ) -> TaughtExample:
        """Stores a checked example question of `topic`; logged."""
        return teaching.add_taught_example(
            self.engine, topic=topic, language=language, text=text, staff=staff, now=self.clock()
        )

    def remove_taught_example(self, example_id: int, *, staff: str) -> Optional[TaughtExample]:
        """Removes a taught example; None when unknown or already removed. Logged."""
        return teaching.remove_taught_example(
            self.engine, example_id, staff=staff, now=self.clock()
        )

    def taught_examples(
        self,
        *,
        topic: Optional[str] = None,
        include_removed: bool = False,
        since: Optional[datetime] = None,
    ) -> List[TaughtExample]:
        """Taught examples, oldest first: of `topic`, removed too if asked, after `since`."""
        return teaching.taught_examples(
            self.engine, topic=topic, include_removed=include_removed, since=since
        )

    def log_change(self, staff: str, action: str, subject: str, detail: str = "") -> None:
        """Records a staff change not tied to a question (training, publishing, ...).

        Args:
            staff: who (or "system").
            action: a short code, e.g. "answer_edited", "trained", "published".
            subject: what was changed (a response, a topic, a model).
            detail: a one-line summary.
        """
        teaching.log_change(
            self.engine,
            staff=staff,
            action=action,
            subject=subject,
            detail=detail,
            now=self.clock(),
        )

    def change_log(self, limit: int = 50, since: Optional[datetime] = None) -> List[ChangeLogEntry]:
        """Staff changes, newest first (after `since`, if given), at most `limit`."""
        return teaching.change_log(self.engine, limit=limit, since=since)

    # --- dashboard -------------------------------------------------------

    def stats(self, flt: StatsFilter) -> Stats:
        """The dashboard's numbers for `flt` (see `bot.review.stats.counts`)."""
        return counts.compute_stats(self.engine, flt, self.clusters)

    def feedback(self, flt: StatsFilter) -> List[FeedbackRow]:
        """Residents' 「解決しましたか？」 answers per topic and language for `flt`."""
        return feedback_rows(self.engine, flt)

    # --- staff auth (see bot.review.auth.logins) --------------------------

    def verify_login(self, username: str, password: str) -> bool:
        """True for the environment's staff user or a database user with this password."""
        return logins.verify_login(self.engine, self.settings, username, password)

    def has_any_user(self) -> bool:
        """Whether any staff login exists (environment or database)."""
        return logins.has_any_user(self.engine, self.settings)

    def add_user(self, username: str, password_hash: str) -> bool:
        """Adds a staff user or replaces their password; True when the user is new."""
        return logins.add_user(self.engine, username, password_hash, self.clock())

    def create_session(
        self, username: str, *, ttl: timedelta = timedelta(hours=8)
    ) -> Tuple[str, StaffSession]:
        """A new login session: (cookie token, session). Only a hash of the token is stored."""
        return logins.create_session(self.engine, username, ttl, self.clock())

    def get_session(self, token: str) -> Optional[StaffSession]:
        """The session of a cookie token, or None if unknown or expired."""
        return logins.get_session(self.engine, token, self.clock())

    def delete_session(self, token: str) -> None:
        """Logs a session out."""
        logins.delete_session(self.engine, token)

    def record_login_failure(self, key: str) -> None:
        """Records a failed login for `key` (e.g. the client address; stored hashed)."""
        logins.record_login_failure(self.engine, key, self.clock())

    def login_failures(self, key: str, *, within: timedelta) -> int:
        """Failed logins for `key` in the last `within`."""
        return logins.login_failures(self.engine, key, within, self.clock())

    def clear_login_failures(self, key: str) -> None:
        """Forgets the failed logins of `key` (after a successful login)."""
        logins.clear_login_failures(self.engine, key)

    def begin_login_attempt(self, keys: Sequence[str], *, window: timedelta) -> logins.LoginAttempt:
        """Records an attempt (a failure until ended otherwise) and counts earlier ones."""
        return logins.begin_login_attempt(self.engine, keys, window, self.clock())

    def end_login_attempt(
        self, attempt: logins.LoginAttempt, *, counted: bool, clear_key: Optional[str] = None
    ) -> None:
        """Keeps the attempt as a failure (`counted`) or removes it; may clear an account."""
        logins.end_login_attempt(self.engine, attempt, counted=counted, clear_key=clear_key)
