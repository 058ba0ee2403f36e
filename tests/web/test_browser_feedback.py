"""「解決しましたか？」 in the website chat (headless Chromium): small はい／いいえ
buttons after a topic answer, beside the answer's own quick replies; いいえ
puts the question into the review inbox the running servers share."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Dict

import pytest

from bot.review.models import QuestionFilter
from bot.review.settings import load_review_settings
from bot.review.storage.store import ReviewStore
from bot.town.contact import load_contact
from tests.web.chat_page import BOT_MESSAGES, ask, bot_message, open_chat, response_text

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

QUESTION = "DXポリシーの計画期間はいつからいつまで？"
STORED = unicodedata.normalize("NFKC", QUESTION)


def test_no_in_the_widget_puts_the_question_into_the_inbox(
    page: Page, web_url: str, staff_env: Dict[str, str]
) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, QUESTION)
    answer = bot_message(page, response_text("utter_policy_period_ended", "ja"))
    expect(answer).to_be_visible()
    prompt = bot_message(page, response_text("utter_ask_feedback", "ja"))
    expect(prompt).to_be_visible()
    # The answer keeps its own quick reply; the feedback buttons are small, apart.
    expect(answer.get_by_role("button", name="問い合わせ先")).to_be_visible()
    no = prompt.get_by_role("button", name="いいえ")
    expect(no).to_have_class("aisho-reply aisho-reply--small")
    expect(prompt.get_by_role("button", name="はい")).to_be_visible()

    no.click()
    expect(bot_message(page, response_text("utter_feedback_sorry", "ja"))).to_be_visible()
    expect(page.locator(BOT_MESSAGES).filter(has_text=load_contact().phone).last).to_be_visible()
    # Like every quick reply, they are gone once the resident has moved on.
    expect(page.locator(".aisho-reply--small")).to_have_count(0)
    expect(answer.get_by_role("button", name="問い合わせ先")).to_have_count(0)

    store = ReviewStore.open(load_review_settings(staff_env))
    try:
        questions, _ = store.list_questions(QuestionFilter(search=QUESTION))
    finally:
        store.close()
    # Stored as redaction leaves it: NFKC-normalised (？ becomes ?).
    assert [(q.text, q.reason) for q in questions] == [(STORED, "not_helpful")]


def test_a_greeting_gets_no_feedback_buttons(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, "こんにちは")
    expect(bot_message(page, response_text("utter_greet", "ja"))).to_be_visible()
    expect(page.locator(".aisho-reply--small")).to_have_count(0)
