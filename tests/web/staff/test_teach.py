"""The 「回答と例文」 pages: edit an answer with a preview, revert it, add and remove
examples; every change is in the change log and every POST needs the CSRF token."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.town.contact import load_contact
from tests.web.staff.conftest import csrf_in, login, with_client
from tests.web.staff.fakes import FakeStore
from tests.web.staff.plain_words import engineering_words, visible_text

TOPIC = "/staff/teach/ask_contact"
ANSWER = {"response": "utter_contact_details", "language": "en"}


@pytest.fixture(autouse=True)
def topics() -> None:
    """The real topics (overrides the fake of conftest)."""


async def _post(client: TestClient, path: str, data: Dict[str, str]) -> Tuple[int, str, str]:
    response = await client.post(path, data=data, allow_redirects=False)
    return response.status, await response.text(), response.headers.get("Location", "")


async def _session(client: TestClient) -> str:
    assert (await login(client)).status == 303
    page = await client.get(TOPIC)
    return csrf_in(await page.text())


def run(app: web.Application, steps: Any) -> Any:
    async def scenario(client: TestClient) -> Any:
        token = await _session(client)
        return await steps(client, token)

    return with_client(app, scenario)


def test_topic_list_and_page_in_plain_japanese(app: web.Application) -> None:
    phone = load_contact().phone

    async def steps(client: TestClient, token: str) -> List[str]:
        listing = await (await client.get("/staff/teach")).text()
        page = await (await client.get(TOPIC)).text()
        return [listing, page]

    listing, page = run(app, steps)
    assert f'href="{TOPIC}"' in listing and "問い合わせ先" in listing
    assert 'aria-current="page"' in listing and "回答と例文" in listing
    assert "<h1>問い合わせ先</h1>" in page and "回答 1：連絡先の案内" in page and "英語" in page
    # Each of the topic's answers says when residents get it.
    assert "回答 5：時間外で閉まっているとき" in page
    assert phone in page and 'class="aisho-msg__bubble"' in page
    assert '<link rel="stylesheet" href="/static/chat/chat.css">' in page
    assert "学習して反映" in page
    for html in (listing, page):
        assert engineering_words(visible_text(html)) == []
    for field_id in re.findall(r'<(?:textarea|input|select) id="([^"]+)"', page):
        assert f'for="{field_id}"' in page, field_id


def test_preview_fills_the_phone_number_and_warns_about_a_dropped_placeholder(
    app: web.Application, store: FakeStore
) -> None:
    phone = load_contact().phone

    async def steps(client: TestClient, token: str) -> Tuple[int, str, str]:
        data = {**ANSWER, "csrf_token": token, "op": "preview", "text": "Call us: {phone}"}
        return await _post(client, f"{TOPIC}/answer", data)

    status, html, _ = run(app, steps)
    assert status == 200
    assert "プレビュー（住民にはこのように表示されます）" in html
    assert f"Call us: {phone}" in html and "Call us: {phone}</textarea>" in html
    assert "{office_name}（担当課の名前）" in html  # the dropped placeholder, named
    assert store.edits == []
    assert engineering_words(visible_text(html)) == []


def test_unknown_placeholder_is_refused_with_the_text_kept(
    app: web.Application, store: FakeStore
) -> None:
    async def steps(client: TestClient, token: str) -> Tuple[int, str, str]:
        data = {**ANSWER, "csrf_token": token, "op": "save", "text": "Call {office_phone}"}
        return await _post(client, f"{TOPIC}/answer", data)

    status, html, _ = run(app, steps)
    assert status == 400
    assert 'role="alert"' in html and "「{office_phone}」は使えません" in html
    assert "Call {office_phone}</textarea>" in html
    assert store.edits == [] and store.changes == []


def test_save_shows_the_edit_logs_it_and_revert_goes_back(
    app: web.Application, store: FakeStore
) -> None:
    async def steps(client: TestClient, token: str) -> List[Any]:
        text = "{office_name}\nPhone: {phone}\nFax: {fax}"
        data = {**ANSWER, "csrf_token": token, "op": "save", "text": text}
        saved = await _post(client, f"{TOPIC}/answer", data)
        page = await (await client.get(saved[2].split("#")[0])).text()
        reverted = await _post(client, f"{TOPIC}/answer/revert", {**ANSWER, "csrf_token": token})
        return [saved, page, reverted]

    saved, page, reverted = run(app, steps)
    assert saved[0] == 303 and saved[2].startswith(f"{TOPIC}?notice=saved#a-")
    assert "職員が修正" in page and "staff さんが" in page
    assert 'role="status">回答の文面を保存しました。' in page
    assert reverted[0] == 303 and "notice=reverted" in reverted[2]
    assert store.current_answer_edits() == []
    log = [(c.staff, c.action, c.subject) for c in store.change_log()]
    assert log == [
        ("staff", "answer_reverted", "utter_contact_details:en"),
        ("staff", "answer_edited", "utter_contact_details:en"),
    ]
    assert "Phone: {phone}" in store.change_log()[1].detail


def test_add_and_remove_an_example(app: web.Application, store: FakeStore) -> None:
    async def steps(client: TestClient, token: str) -> List[Any]:
        data = {"csrf_token": token, "language": "ja", "text": "ファックスの番号 090-1234-5678"}
        added = await _post(client, f"{TOPIC}/examples", data)
        page = await (await client.get(TOPIC)).text()
        example_id = next(iter(store.examples))
        removed = await _post(
            client, f"{TOPIC}/examples/{example_id}/remove", {"csrf_token": token}
        )
        again = await _post(client, f"{TOPIC}/examples/{example_id}/remove", {"csrf_token": token})
        return [added, page, removed, again]

    added, page, removed, again = run(app, steps)
    assert added[0] == 303 and "notice=added_redacted" in added[2]
    assert "ファックスの番号 [PHONE]" in page and "090-1234" not in page
    assert removed[0] == 303 and "notice=removed" in removed[2]
    assert again[0] == 404
    assert store.taught_examples() == []
    assert [c.action for c in store.change_log()] == ["example_removed", "example_added"]


def test_held_out_questions_are_refused(app: web.Application, store: FakeStore) -> None:
    async def steps(client: TestClient, token: str) -> Tuple[int, str, str]:
        data = {"csrf_token": token, "language": "en", "text": "dx policy content?"}
        return await _post(client, f"{TOPIC}/examples", data)

    status, html, _ = run(app, steps)
    assert status == 400 and 'role="alert"' in html and "試験用の質問" in html
    assert 'value="dx policy content?"' in html
    assert store.examples == {}


def test_an_example_of_another_topic_needs_a_confirmation(
    app: web.Application, store: FakeStore
) -> None:
    async def steps(client: TestClient, token: str) -> List[Any]:
        data = {"csrf_token": token, "language": "ja", "text": "開庁時間を教えて"}
        store.add_taught_example("ask_office_hours", "ja", "開庁時間を教えて", staff="kato")
        first = await _post(client, f"{TOPIC}/examples", data)
        second = await _post(client, f"{TOPIC}/examples", {**data, "confirm": "1"})
        return [first, second]

    first, second = run(app, steps)
    assert first[0] == 200 and "「受付時間」の例文にもなっています" in first[1]
    assert "このまま追加" in first[1] and 'name="confirm" value="1"' in first[1]
    assert second[0] == 303
    assert [e.topic for e in store.taught_examples()] == ["ask_office_hours", "ask_contact"]


@pytest.mark.parametrize(
    "path",
    [
        f"{TOPIC}/answer",
        f"{TOPIC}/answer/revert",
        f"{TOPIC}/examples",
        f"{TOPIC}/examples/1/remove",
    ],
)
def test_every_form_needs_the_csrf_token(app: web.Application, store: FakeStore, path: str) -> None:
    store.add_taught_example("ask_contact", "ja", "連絡先", staff="kato")

    async def steps(client: TestClient, token: str) -> int:
        data = {**ANSWER, "op": "save", "text": "x {phone}", "csrf_token": "forged"}
        return (await client.post(path, data=data, allow_redirects=False)).status

    assert run(app, steps) == 403
    assert store.edits == [] and len(store.examples) == 1 and len(store.changes) == 1


def test_unknown_topic_or_answer(app: web.Application) -> None:
    async def steps(client: TestClient, token: str) -> List[int]:
        missing = await client.get("/staff/teach/no_such_topic")
        wrong = await client.post(
            f"{TOPIC}/answer",
            data={"csrf_token": token, "response": "utter_greet", "language": "en", "text": "x"},
        )
        return [missing.status, wrong.status]

    assert run(app, steps) == [404, 400]
