"""The tables of training runs, model releases and the Rasa instances' pulls.

They share the review database's metadata, so migrations and the purge see
them like every other table. Times are naive UTC, as in `schema`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from bot.review.storage.schema import metadata

training_runs = Table(
    "review_training_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime, nullable=False),
    Column("started_by", String(128), nullable=False),
    # 1 while the run is going, NULL afterwards; unique, so two runs can never
    # be going at once, whichever process or server starts them.
    Column("active", Integer, nullable=True, unique=True),
    # running, passed (and published), refused (the gate said no), failed (an error)
    Column("status", String(16), nullable=False),
    Column("stage", String(32), nullable=False),
    Column("stage_started_at", DateTime, nullable=False),
    Column("heartbeat_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("host", String(255), nullable=False, default=""),
    Column("pid", Integer),
    Column("publish", Boolean, nullable=False, default=True),
    Column("inputs_digest", String(64)),
    Column("changes", Text, nullable=False, default="[]"),  # JSON: the pending changes trained
    Column("candidate_file", Text),
    Column("checksum", String(64)),
    Column("report", Text, nullable=False, default="{}"),  # JSON: the gate's numbers
    Column("reasons", Text, nullable=False, default="[]"),  # JSON: Japanese reasons
    Column("error", Text),
    Index("ix_review_training_runs_started_at", "started_at"),
)

model_releases = Table(
    "review_model_releases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("published_at", DateTime, nullable=False),
    Column("published_by", String(128), nullable=False),
    Column("action", String(16), nullable=False),  # initial, publish, rollback
    Column("run_id", Integer),
    Column("file", Text, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("trained_at", DateTime),
    # The release that was live before this model was first published (kept by
    # a rollback, so a second rollback goes one step further back).
    Column("previous_id", Integer),
    Index("ix_review_model_releases_published_at", "published_at"),
)

model_pulls = Table(
    "review_model_pulls",
    metadata,
    # What the instance sends as ?instance= (host:port by default).
    Column("instance", String(255), primary_key=True),
    Column("fingerprint", String(128), nullable=False, default=""),
    Column("seen_at", DateTime, nullable=False),
    Column("switched_at", DateTime),
)

PUBLISH_TABLES = (training_runs, model_releases, model_pulls)
