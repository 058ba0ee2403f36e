"""Review actions on one question or a whole cluster: assign a topic, needs a new FAQ,
ignore, reopen. Each is recorded with the staff member's name and the time by the store.

The guard has already checked the session and the CSRF token.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List, Optional, Sequence

from aiohttp import web

from bot.web.staff.auth import safe_next
from bot.web.staff.forms import question_ids
from bot.web.staff.inbox import topic_titles
from bot.web.staff.keys import REVIEW_STORE

logger = logging.getLogger(__name__)

ACTIONS = ("assign", "new_faq", "ignore", "reopen")
MAX_DRAFT = 4000


class ReviewInputError(ValueError):
    """The action's input is invalid; the message (Japanese) says what to fix."""


def check_action(action: str, topic: Optional[str], draft: Optional[str]) -> None:
    """Refuses an unknown action, an unknown topic or a missing draft answer.

    Args:
        action: one of ACTIONS.
        topic: the intent for "assign".
        draft: the draft answer for "new_faq".

    Raises:
        ReviewInputError: something is missing or unknown.
    """
    if action not in ACTIONS:
        raise ReviewInputError("不明な操作です。")
    if action == "assign" and (not topic or topic not in topic_titles()):
        raise ReviewInputError("話題を一覧から選んでください。")
    if action == "new_faq" and not (draft or "").strip():
        raise ReviewInputError("回答の下書きを入力してください。")
    if action == "new_faq" and len(draft or "") > MAX_DRAFT:
        raise ReviewInputError(f"回答の下書きは{MAX_DRAFT}文字以内にしてください。")


async def apply_action(
    store: Any,
    action: str,
    ids: Sequence[int],
    *,
    staff: str,
    topic: Optional[str] = None,
    draft: Optional[str] = None,
) -> int:
    """Runs a checked review action in a worker thread.

    Args:
        store: the review store.
        action: one of ACTIONS (already checked).
        ids: the questions (one, or a cluster's members).
        staff: who does it.
        topic: the intent for "assign".
        draft: the draft answer for "new_faq".

    Returns:
        How many questions changed.
    """
    if action == "assign":
        changed = await asyncio.to_thread(store.assign_topic, ids, str(topic), staff=staff)
    elif action == "new_faq":
        changed = await asyncio.to_thread(store.mark_new_faq, ids, str(draft).strip(), staff=staff)
    elif action == "ignore":
        changed = await asyncio.to_thread(store.ignore, ids, staff=staff)
    else:
        changed = await asyncio.to_thread(store.reopen, ids, staff=staff)
    logger.info("review action %s on %d question(s)", action, changed)
    return changed


async def review_form(request: web.Request) -> web.StreamResponse:
    """POST /staff/review: an action from a page's form; back to the page with a notice."""
    form = await request.post()
    action = str(form.get("action", ""))
    topic = str(form.get("topic", "")) or None
    draft = str(form.get("draft_answer", "")) or None
    try:
        ids: List[int] = question_ids([str(value) for value in form.getall("ids", [])])
        check_action(action, topic, draft)
    except ReviewInputError as error:
        raise web.HTTPBadRequest(
            text=f"{error}\nブラウザの「戻る」で前のページに戻れます。"
        ) from error
    except ValueError as error:
        raise web.HTTPBadRequest(text="対象の質問が正しく指定されていません。") from error
    staff = request["staff_session"].username
    changed = await apply_action(
        request.app[REVIEW_STORE], action, ids, staff=staff, topic=topic, draft=draft
    )
    target = safe_next(str(form.get("next", "")))
    separator = "&" if "?" in target else "?"
    raise web.HTTPSeeOther(f"{target}{separator}notice={action}&count={changed}")


async def review_api(request: web.Request) -> web.Response:
    """POST /staff/api/review: {"action", "ids", "topic"?, "draft_answer"?} as JSON."""
    try:
        body = await request.json()
        if not isinstance(body, dict) or not isinstance(body.get("ids"), list):
            raise ValueError("not an object with a list of ids")
        action = str(body.get("action", ""))
        topic, draft = body.get("topic"), body.get("draft_answer")
        ids = question_ids([str(value) for value in body["ids"]])
        check_action(action, topic, draft)
    except ReviewInputError as error:
        return web.json_response({"error": str(error)}, status=400)
    except (ValueError, TypeError):
        return web.json_response({"error": "不正なリクエストです。"}, status=400)
    staff = request["staff_session"].username
    changed = await apply_action(
        request.app[REVIEW_STORE], action, ids, staff=staff, topic=topic, draft=draft
    )
    return web.json_response({"changed": changed})


def add_routes(app: web.Application) -> None:
    """Adds the review actions (form and JSON).

    Args:
        app: the web application.
    """
    app.router.add_post("/staff/review", review_form)
    app.router.add_post("/staff/api/review", review_api)
