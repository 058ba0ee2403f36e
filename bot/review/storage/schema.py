"""The review database's tables (SQLAlchemy Core).

Times are stored as naive UTC (the same on SQLite and PostgreSQL) and turned
into aware datetimes when read. No table stores a resident's raw text or
sender id: questions are redacted, conversations keyed by an HMAC, sessions by
a SHA-256 of the cookie token, login failures by a SHA-256 of the key.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "review_schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

questions = Table(
    "review_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("channel", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    # NFKC + case-folded text, for the inbox's search.
    Column("search_text", Text, nullable=False),
    # The text's reading in hiragana (ゴミ, ごみ and 塵 all read ごみ), for the search;
    # "" when the text has no Japanese.
    Column("search_reading", Text, nullable=False, default="", server_default=""),
    Column("reason", String(32), nullable=False),
    Column("candidates", Text, nullable=False, default="[]"),  # JSON list
    Column("conversation_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False, default="new"),
    Column("topic", String(128)),
    Column("draft_answer", Text),
    Column("reviewed_by", String(128)),
    Column("reviewed_at", DateTime),
    Column("exported_at", DateTime),
    Index("ix_review_questions_created_at", "created_at"),
    Index("ix_review_questions_status", "status"),
    Index("ix_review_questions_conversation", "conversation_hash"),
)

audit = Table(
    "review_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, nullable=False),
    Column("at", DateTime, nullable=False),
    Column("staff", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Index("ix_review_audit_question", "question_id"),
    Index("ix_review_audit_at", "at"),
)

message_counts = Table(
    "review_message_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),  # Asia/Tokyo calendar day
    Column("channel", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("intent", String(128), nullable=False),  # "" when unknown
    Column("routed", Boolean, nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("day", "channel", "language", "intent", "routed", name="uq_review_counts"),
)

staff_users = Table(
    "review_staff_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

sessions = Table(
    "review_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("csrf_token", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

login_failures = Table(
    "review_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_review_login_failures_key", "key_hash", "at"),
)

# Residents' answers to 「解決しましたか？」 after a topic answer (no text).
feedback_counts = Table(
    "review_feedback_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),  # Asia/Tokyo calendar day
    Column("channel", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("topic", String(128), nullable=False),  # the intent that was answered
    Column("helpful", Boolean, nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("day", "channel", "language", "topic", "helpful", name="uq_review_feedback"),
)

# Staff corrections of an answer's text in one answer language. The newest row
# per (response, language) is the current text; a row with text NULL or "" puts
# the answer back to the repository's original.
answer_edits = Table(
    "review_answer_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("response", String(128), nullable=False),  # the utter_* name
    Column("language", String(16), nullable=False),  # an answer language
    Column("text", Text),
    Column("edited_by", String(128), nullable=False),
    Column("edited_at", DateTime, nullable=False),
    Index("ix_review_answer_edits_response", "response", "language", "id"),
    Index("ix_review_answer_edits_at", "edited_at"),
)

# Example questions staff typed for a topic (redacted, one line).
taught_examples = Table(
    "review_taught_examples",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(128), nullable=False),  # the intent
    Column("language", String(16), nullable=False),  # an input language
    Column("text", Text, nullable=False),
    Column("added_by", String(128), nullable=False),
    Column("added_at", DateTime, nullable=False),
    Column("removed_at", DateTime),
    Column("removed_by", String(128)),
    Index("ix_review_taught_examples_topic", "topic"),
)

# Staff changes not tied to one question (answers, examples, training, publishing).
change_log = Table(
    "review_change_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("staff", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Index("ix_review_change_log_at", "at"),
)
