"""The 「回答と例文」 pages: staff correct an answer's text per language (with a
preview exactly as residents see it) and add example questions to a topic.

Changes are stored in the review database and go live with the next
「学習して反映」. Every POST passed the guard's session and CSRF checks.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional

from aiohttp import web

from bot.review.teach.examples import check_example, example_owners, heldout_keys
from bot.review.teach.labels import topic_titles
from bot.review.teach.placeholders import check_answer_text
from bot.review.teach.preview import bubble_html, placeholder_values
from bot.web.staff.keys import REVIEW_SETTINGS, REVIEW_STORE
from bot.web.staff.render import render
from bot.web.staff.teach_view import (
    AnswerForm,
    ExampleForm,
    answer_responses,
    expected_placeholders,
    topic_page,
    topic_rows,
)

logger = logging.getLogger(__name__)

TOPIC_PATH = r"/staff/teach/{topic:[A-Za-z0-9_]+(?:/[A-Za-z0-9_]+)?}"
MAX_FORM_TEXT = 10_000
NOTICES: Dict[str, str] = {
    "saved": "回答の文面を保存しました。",
    "reverted": "回答を元の文面に戻しました。",
    "added": "例文を追加しました。",
    "added_redacted": "例文を追加しました。個人情報と思われる部分は記号に置き換えています。",
    "removed": "例文を削除しました。",
}
GO_LIVE = "住民への回答に反映されるのは、「学習して反映」を行ったあとです。"


def _notice(query: Any) -> str:
    key = query.get("notice", "")
    return f"{NOTICES[key]}{GO_LIVE}" if key in NOTICES else ""


def _topic(request: web.Request) -> tuple[str, str]:
    topic = request.match_info["topic"]
    title = topic_titles().get(topic)
    if title is None:
        raise web.HTTPNotFound(text="この話題は見つかりません。")
    return topic, title


def _field(form: Any, name: str) -> str:
    return str(form.get(name, ""))[:MAX_FORM_TEXT]


def _back(topic: str, notice: str, anchor: str = "") -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/staff/teach/{topic}?notice={notice}{anchor}")


async def topics_list(request: web.Request) -> web.Response:
    """GET /staff/teach: every topic by its Japanese title."""
    store = request.app[REVIEW_STORE]
    edits = await asyncio.to_thread(store.current_answer_edits)
    examples = await asyncio.to_thread(store.taught_examples)
    rows = await asyncio.to_thread(topic_rows, topic_titles(), edits, examples)
    return render(request, "teach_topics.html", {"current": "teach", "rows": rows})


async def _topic_response(
    request: web.Request,
    *,
    answer_form: Optional[AnswerForm] = None,
    example_form: Optional[ExampleForm] = None,
    status: int = 200,
) -> web.Response:
    topic, title = _topic(request)
    store = request.app[REVIEW_STORE]
    edits = await asyncio.to_thread(store.current_answer_edits)
    examples = await asyncio.to_thread(store.taught_examples, topic=topic)
    page = await asyncio.to_thread(
        topic_page,
        topic,
        title,
        edits,
        examples,
        answer_form=answer_form,
        example_form=example_form,
    )
    context = {"current": "teach", "page": page, "notice": _notice(request.query)}
    return render(request, "teach_topic.html", context, status=status)


async def topic_detail(request: web.Request) -> web.Response:
    """GET /staff/teach/{topic}: the topic's answers per language and its examples."""
    return await _topic_response(request)


async def edit_answer(request: web.Request) -> web.StreamResponse:
    """POST /staff/teach/{topic}/answer: preview (op=preview) or save a language's text."""
    topic, _ = _topic(request)
    form = await request.post()
    name, language, text = _field(form, "response"), _field(form, "language"), _field(form, "text")
    response = next((r for r in answer_responses(topic) if r.name == name), None)
    if response is None or language not in response.variants:
        raise web.HTTPBadRequest(text="修正する回答が正しく指定されていません。")
    check = check_answer_text(
        text, response.placeholders(), expected_placeholders(response, language)
    )
    if form.get("op") == "save" and check.ok:
        store = request.app[REVIEW_STORE]
        edits = await asyncio.to_thread(store.current_answer_edits)
        previous = next(
            (e.text for e in edits if (e.response, e.language) == (name, language)), None
        )
        await asyncio.to_thread(
            store.save_answer_edit,
            name,
            language,
            check.text,
            staff=request["staff_session"].username,
            previous=previous or response.variants[language].text,
        )
        raise _back(topic, "saved", f"#a-{name}-{language}")
    preview = None
    if check.ok:
        values = await asyncio.to_thread(placeholder_values, language)
        preview = bubble_html(check.text, response.variants[language].buttons, language, values)
    answer_form = AnswerForm(name, language, text, preview, check.errors, check.warnings)
    return await _topic_response(request, answer_form=answer_form, status=200 if check.ok else 400)


async def revert_answer(request: web.Request) -> web.StreamResponse:
    """POST /staff/teach/{topic}/answer/revert: back to the original text."""
    topic, _ = _topic(request)
    form = await request.post()
    name, language = _field(form, "response"), _field(form, "language")
    response = next((r for r in answer_responses(topic) if r.name == name), None)
    if response is None or language not in response.variants:
        raise web.HTTPBadRequest(text="元に戻す回答が正しく指定されていません。")
    store = request.app[REVIEW_STORE]
    edits = await asyncio.to_thread(store.current_answer_edits)
    previous = next((e.text for e in edits if (e.response, e.language) == (name, language)), "")
    await asyncio.to_thread(
        store.save_answer_edit,
        name,
        language,
        None,
        staff=request["staff_session"].username,
        previous=previous or "",
    )
    raise _back(topic, "reverted", f"#a-{name}-{language}")


async def add_example(request: web.Request) -> web.StreamResponse:
    """POST /staff/teach/{topic}/examples: adds an example (warnings need 「このまま追加」)."""
    topic, _ = _topic(request)
    form = await request.post()
    text, language = _field(form, "text"), _field(form, "language")
    store, settings = request.app[REVIEW_STORE], request.app[REVIEW_SETTINGS]

    def checked() -> Any:
        owners = example_owners(settings, store.assigned_questions(), store.taught_examples())
        return check_example(
            text,
            topic,
            language,
            heldout=heldout_keys(settings),
            owners=owners,
            titles=topic_titles(),
        )

    check = await asyncio.to_thread(checked)
    confirmed = form.get("confirm") == "1"
    if check.ok and (not check.warnings or confirmed):
        staff = request["staff_session"].username
        await asyncio.to_thread(
            store.add_taught_example, topic, check.language, check.text, staff=staff
        )
        raise _back(topic, "added_redacted" if check.notes else "added", "#examples")
    example_form = ExampleForm(
        text=text,
        language=language,
        errors=check.errors,
        warnings=check.warnings,
        notes=check.notes,
        confirm=check.ok,
    )
    return await _topic_response(
        request, example_form=example_form, status=200 if check.ok else 400
    )


async def remove_example(request: web.Request) -> web.StreamResponse:
    """POST /staff/teach/{topic}/examples/{example_id}/remove: removes a staff example."""
    topic, _ = _topic(request)
    example_id = int(request.match_info["example_id"])
    store = request.app[REVIEW_STORE]
    mine = await asyncio.to_thread(store.taught_examples, topic=topic)
    if all(example.id != example_id for example in mine):
        raise web.HTTPNotFound(text="この例文は見つかりません（すでに削除されています）。")
    await asyncio.to_thread(
        store.remove_taught_example, example_id, staff=request["staff_session"].username
    )
    raise _back(topic, "removed", "#examples")


def add_routes(app: web.Application) -> None:
    """Adds the 「回答と例文」 pages and their forms.

    Args:
        app: the web application.
    """
    app.router.add_get("/staff/teach", topics_list)
    app.router.add_get(TOPIC_PATH, topic_detail)
    app.router.add_post(TOPIC_PATH + "/answer", edit_answer)
    app.router.add_post(TOPIC_PATH + "/answer/revert", revert_answer)
    app.router.add_post(TOPIC_PATH + "/examples", add_example)
    app.router.add_post(TOPIC_PATH + r"/examples/{example_id:\d{1,12}}/remove", remove_example)
