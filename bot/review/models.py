"""Plain data shared by the review store, the CLI and the staff web UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Optional, Tuple

STATUSES = ("new", "assigned", "new_faq", "ignored")
REASONS = ("fallback", "out_of_scope", "request_human", "not_helpful")
STATUS_NEW = "new"
STATUS_ASSIGNED = "assigned"
STATUS_NEW_FAQ = "new_faq"
STATUS_IGNORED = "ignored"


@dataclass(frozen=True)
class Candidate:
    """One of the bot's guesses for a question."""

    intent: str
    confidence: float


@dataclass(frozen=True)
class NewQuestion:
    """A routed question as the action server hands it over (raw text).

    The store redacts `text` and hashes `sender_id`; neither is stored as is.
    """

    text: str
    channel: str
    language: str
    reason: str
    sender_id: str
    candidates: Tuple[Candidate, ...] = ()
    created_at: Optional[datetime] = None  # now when None


@dataclass(frozen=True)
class Question:
    """A captured question as stored (text already redacted)."""

    id: int
    created_at: datetime
    channel: str
    language: str
    text: str
    reason: str
    candidates: Tuple[Candidate, ...]
    conversation_hash: str
    status: str
    topic: Optional[str]
    draft_answer: Optional[str]
    reviewed_by: Optional[str]
    reviewed_at: Optional[datetime]
    exported_at: Optional[datetime]


@dataclass(frozen=True)
class QuestionFilter:
    """Inbox filters; None means "any"."""

    status: Optional[str] = None
    language: Optional[str] = None
    channel: Optional[str] = None
    date_from: Optional[date] = None  # inclusive, Asia/Tokyo calendar day
    date_to: Optional[date] = None  # inclusive
    search: Optional[str] = None  # substring, NFKC/case-folded


@dataclass(frozen=True)
class Cluster:
    """Questions that ask the same thing."""

    id: str
    representative: Question
    question_ids: Tuple[int, ...]
    count: int
    languages: Tuple[str, ...]
    top_candidates: Tuple[Candidate, ...]
    latest_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One staff action on a question."""

    at: datetime
    staff: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class DailyCount:
    """Resident messages of one Asia/Tokyo calendar day."""

    day: date
    answered: int
    routed: int


@dataclass(frozen=True)
class Stats:
    """The dashboard's numbers for a date range."""

    days: Tuple[DailyCount, ...]
    total_messages: int
    answered: int
    routed: int
    answered_rate: float
    top_topics: Tuple[Tuple[str, int], ...]
    top_unanswered: Tuple[Cluster, ...]
    by_language: Tuple[Tuple[str, int, int], ...]
    by_channel: Tuple[Tuple[str, int, int], ...]


@dataclass(frozen=True)
class StatsFilter:
    """The dashboard's date range (inclusive, Asia/Tokyo) and filters."""

    date_from: date
    date_to: date
    language: Optional[str] = None
    channel: Optional[str] = None


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member."""

    username: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class ExportPreview:
    """What an export would add, and what the next training would add."""

    new_examples: Tuple[Tuple[str, str, str], ...]  # (language file, intent, text)
    skipped: Tuple[Tuple[str, str], ...]  # (text, why)
    pending_training: Tuple[Tuple[str, str, str], ...]  # (language file, intent, text)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    files: Tuple[Path, ...]
    added: int
    skipped: int
    skipped_texts: Tuple[Tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class AnswerEdit:
    """A staff correction of one answer's text in one answer language.

    `text` is None when the row puts the answer back to its original text.
    """

    id: int
    response: str
    language: str
    text: Optional[str]
    edited_by: str
    edited_at: datetime


@dataclass(frozen=True)
class TaughtExample:
    """An example question staff added to a topic (redacted, one line)."""

    id: int
    topic: str
    language: str
    text: str
    added_by: str
    added_at: datetime
    removed_at: Optional[datetime] = None
    removed_by: Optional[str] = None


@dataclass(frozen=True)
class ChangeLogEntry:
    """One staff change not tied to a question (answers, examples, training)."""

    id: int
    at: datetime
    staff: str
    action: str
    subject: str
    detail: str = ""
