"""The retention purge as a job of the running web server, not of someone's cron.

Every REVIEW_PURGE_EVERY_HOURS (default 24; 0 turns it off) the web server
runs `bot.review.storage.retention.purge` in a worker thread: captured questions,
message counters and raw conversations in the tracker store older than
REVIEW_RETENTION_DAYS are deleted. The first run comes a minute after start,
so a restart never skips a day. Several web servers may each run it: the
deletes are idempotent. `make review-purge` and the Kubernetes CronJob
(deploy/helm/purge-cronjob.yml) run the same purge.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.review.settings import ReviewSettings
from bot.review.storage.retention import PurgeReport, purge
from bot.review.storage.store import ReviewStore

logger = logging.getLogger(__name__)

FIRST_RUN_AFTER = timedelta(minutes=1)


async def purge_once(store: ReviewStore, settings: ReviewSettings) -> Optional[PurgeReport]:
    """One purge in a worker thread; a database error is logged, not raised."""
    try:
        report = await asyncio.to_thread(purge, store, settings)
    except (SQLAlchemyError, OSError) as error:
        logger.error("Scheduled purge failed (%s); retried at the next run.", type(error).__name__)
        return None
    logger.info(
        "Scheduled purge: %d question(s), %d conversation event(s) older than %d days removed.",
        report.questions,
        report.tracker_events,
        settings.retention_days,
    )
    return report


async def purge_periodically(
    store: ReviewStore,
    settings: ReviewSettings,
    *,
    every: Optional[timedelta] = None,
    first_after: Optional[timedelta] = None,
) -> None:
    """Purges after `first_after`, then every `every` (default: the setting), until cancelled."""
    interval = every or timedelta(hours=settings.purge_every_hours)
    await asyncio.sleep((FIRST_RUN_AFTER if first_after is None else first_after).total_seconds())
    while True:
        await purge_once(store, settings)
        await asyncio.sleep(interval.total_seconds())
