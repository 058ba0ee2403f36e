"""The inbox: captured questions newest first, with filters, search, paging and clusters."""

from __future__ import annotations

import asyncio
import logging
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from aiohttp import web

from bot.review.models import Candidate, Cluster, Question
from bot.review.triage.topics import topic_choices
from bot.web.staff.forms import PAGE_SIZE, inbox_query
from bot.web.staff.keys import REVIEW_STORE
from bot.web.staff.render import render

logger = logging.getLogger(__name__)

TOPIC_LANGUAGE = "ja"  # staff read the topics' Japanese titles
MEMBERS_SHOWN = 30
CLUSTER_SCAN_LIMIT = 5000

NOTICES: Dict[str, str] = {
    "assign": "{count}件を話題の例文に追加しました。「学習して反映」で反映できます。",
    "new_faq": "{count}件を「新しいFAQが必要」として記録しました。",
    "ignore": "{count}件を対象外にしました。",
    "reopen": "{count}件を未対応に戻しました。",
}


def notice(query: Any) -> str:
    """The confirmation after a review action (from the redirect's query), or ""."""
    action, count = query.get("notice", ""), query.get("count", "")
    if action in NOTICES and count.isdigit():
        return NOTICES[action].format(count=int(count))
    return ""


def topic_options(guesses: Sequence[Candidate]) -> Dict[str, Any]:
    """The topic <select>'s options: the bot's guesses first, then every topic.

    Args:
        guesses: the bot's candidates for the question(s), best first.

    Returns:
        {"guesses": [(intent, title, confidence)], "others": [(intent, title)]}.
    """
    confidence = {candidate.intent: candidate.confidence for candidate in guesses}
    guessed: List[Tuple[str, str, float]] = []
    others: List[Tuple[str, str]] = []
    for intent, title in topic_choices(TOPIC_LANGUAGE, tuple(guesses)):
        if intent in confidence:
            guessed.append((intent, title, confidence[intent]))
        else:
            others.append((intent, title))
    return {"guesses": guessed, "others": others}


def topic_titles() -> Dict[str, str]:
    """Intent → Japanese title of every topic staff can choose."""
    return dict(topic_choices(TOPIC_LANGUAGE, ()))


async def inbox(request: web.Request) -> web.Response:
    """GET /staff: questions newest first, filtered, searched and paged."""
    store = request.app[REVIEW_STORE]
    query = inbox_query(request.query)
    offset = (query.page - 1) * PAGE_SIZE
    questions, total = await asyncio.to_thread(
        store.list_questions, query.filter, limit=PAGE_SIZE, offset=offset
    )
    channels = await asyncio.to_thread(store.channels)
    return render(
        request,
        "inbox.html",
        {
            "current": "inbox",
            "questions": questions,
            "total": total,
            "query": query,
            "pages": max(1, math.ceil(total / PAGE_SIZE)),
            "channels": channels,
            "titles": topic_titles(),
            "notice": notice(request.query),
        },
    )


def _members(
    cluster: Cluster, by_id: Dict[int, Question], extra: Dict[int, Optional[Question]]
) -> List[Question]:
    found = [by_id.get(qid) or extra.get(qid) for qid in cluster.question_ids[:MEMBERS_SHOWN]]
    return [question for question in found if question is not None]


async def clusters(request: web.Request) -> web.Response:
    """GET /staff/clusters: similar questions as one row with a count, expandable."""
    store = request.app[REVIEW_STORE]
    query = inbox_query(request.query)
    found: List[Cluster] = await asyncio.to_thread(store.clusters, query.filter)
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    shown = found[(query.page - 1) * PAGE_SIZE : query.page * PAGE_SIZE]
    listed, _ = await asyncio.to_thread(
        store.list_questions, query.filter, limit=CLUSTER_SCAN_LIMIT, offset=0
    )
    by_id = {question.id: question for question in listed}
    missing = [
        qid for cluster in shown for qid in cluster.question_ids[:MEMBERS_SHOWN] if qid not in by_id
    ]
    extra = {qid: await asyncio.to_thread(store.get_question, qid) for qid in missing}
    rows = [
        {
            "cluster": cluster,
            "members": _members(cluster, by_id, extra),
            "topics": topic_options(cluster.top_candidates),
        }
        for cluster in shown
    ]
    channels = await asyncio.to_thread(store.channels)
    return render(
        request,
        "clusters.html",
        {
            "current": "clusters",
            "rows": rows,
            "total": len(found),
            "questions_total": sum(cluster.count for cluster in found),
            "query": query,
            "pages": pages,
            "channels": channels,
            "notice": notice(request.query),
        },
    )


async def question_detail(request: web.Request) -> web.Response:
    """GET /staff/questions/{id}: one question, the bot's guesses, actions and history."""
    store = request.app[REVIEW_STORE]
    question_id = int(request.match_info["question_id"])
    question = await asyncio.to_thread(store.get_question, question_id)
    if question is None:
        raise web.HTTPNotFound(
            text="この質問は見つかりません（保存期間を過ぎて削除された可能性があります）。"
        )
    audit = await asyncio.to_thread(store.audit_log, question_id)
    return render(
        request,
        "question.html",
        {
            "current": "inbox",
            "question": question,
            "audit": audit,
            "topics": topic_options(question.candidates),
            "titles": topic_titles(),
            "notice": notice(request.query),
        },
    )


def add_routes(app: web.Application) -> None:
    """Adds the inbox pages.

    Args:
        app: the web application.
    """
    app.router.add_get("/staff", inbox)
    app.router.add_get("/staff/clusters", clusters)
    app.router.add_get(r"/staff/questions/{question_id:\d{1,12}}", question_detail)
