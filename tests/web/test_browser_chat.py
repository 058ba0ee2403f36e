"""A resident chats on the town's page in a real browser (headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.town.contact import load_contact
from tests.web.chat_page import (
    BOT_MESSAGES,
    INPUT,
    PANEL,
    USER_MESSAGES,
    ask,
    bot_message,
    open_chat,
    response_text,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

QUESTION = "DXポリシーの期間は？"


def test_japanese_question_gets_a_japanese_answer(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, QUESTION)
    expect(page.locator(USER_MESSAGES).last).to_contain_text(QUESTION)
    answer = bot_message(page, response_text("utter_policy_period_ended", "ja"))
    expect(answer).to_be_visible()
    expect(answer.locator(".aisho-msg__bubble")).to_have_attribute("lang", "ja")
    expect(answer.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    expect(page.locator(INPUT)).to_have_value("")


def test_english_chosen_from_the_language_menu(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, QUESTION)
    expect(bot_message(page, response_text("utter_policy_period_ended", "ja"))).to_be_visible()
    page.get_by_role("button", name="言語（Language）").click()
    page.get_by_role("button", name="English", exact=True).click()
    expect(bot_message(page, response_text("utter_language_changed", "en"))).to_be_visible()
    # The widget's own words follow the choice.
    expect(page.locator("#aisho-chat")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="DX Policy chat")).to_be_visible()
    expect(page.get_by_label("Your question")).to_be_focused()
    ask(page, QUESTION)
    answer = bot_message(page, response_text("utter_policy_period_ended", "en"))
    expect(answer).to_be_visible()
    expect(answer.locator(".aisho-msg__bubble")).to_have_attribute("lang", "en")


def test_quick_reply_sends_its_payload_and_links_open_safely(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    contact = load_contact()
    open_chat(page, web_url)
    ask(page, QUESTION)
    answer = bot_message(page, response_text("utter_policy_period_ended", "ja"))
    reply = answer.get_by_role("button", name="問い合わせ先")
    expect(reply).to_be_visible()
    reply.click()
    expect(page.locator(USER_MESSAGES).last.locator(".aisho-msg__bubble")).to_have_text(
        "問い合わせ先"
    )
    details = bot_message(page, contact.phone)
    expect(details).to_be_visible()
    call = details.get_by_role("link", name="電話をかける")
    expect(call).to_have_attribute("href", contact.as_template_values()["phone_uri"])
    mail = details.get_by_role("link", name="お問い合わせページ")
    expect(mail).to_have_attribute("href", contact.mail_form_url)
    expect(mail).to_have_attribute("target", "_blank")
    expect(mail).to_have_attribute("rel", "noopener noreferrer")
    # The earlier answer's quick reply is gone once used; focus is back in the input.
    expect(answer.get_by_role("button")).to_have_count(0)
    expect(page.locator(INPUT)).to_be_focused()


def test_reload_shows_the_history_and_keeps_the_conversation(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    page.get_by_role("button", name="言語（Language）").click()
    page.get_by_role("button", name="English", exact=True).click()
    expect(bot_message(page, response_text("utter_language_changed", "en"))).to_be_visible()
    session_id = page.evaluate("JSON.parse(sessionStorage['aisho-chat:conversation']).sessionId")
    shown = page.locator(f"{BOT_MESSAGES}, {USER_MESSAGES}").count()

    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(f"{BOT_MESSAGES}, {USER_MESSAGES}")).to_have_count(shown)
    expect(bot_message(page, response_text("utter_language_changed", "en"))).to_be_visible()
    assert (
        page.evaluate("JSON.parse(sessionStorage['aisho-chat:conversation']).sessionId")
        == session_id
    )
    # Rasa continues the same conversation: the explicit choice of English holds.
    ask(page, QUESTION)
    expect(bot_message(page, response_text("utter_policy_period_ended", "en"))).to_be_visible()


def test_furigana_toggle_shows_ruby_readings(
    page: Page, web_url: str, screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, QUESTION)
    found = bot_message(page, response_text("utter_policy_period_ended", "ja"))
    expect(found).to_be_visible()
    # By id: with readings shown, the message's text no longer matches the plain one.
    answer = page.locator(f'[data-id="{found.get_attribute("data-id")}"]')
    expect(answer.locator("ruby")).to_have_count(0)
    toggle = page.get_by_role("button", name="ふりがな")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(answer.locator("ruby", has_text="期間").first.locator("rt")).to_have_text("きかん")
    page.screenshot(path=str(screenshots_dir / "furigana.png"))
    # Answers arriving while furigana is on come with readings too.
    answers = page.locator(BOT_MESSAGES).count()
    ask(page, "基本理念を教えて")
    expect(page.locator(BOT_MESSAGES)).not_to_have_count(answers)
    expect(page.locator(BOT_MESSAGES).nth(answers).locator("ruby").first).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator(f"{BOT_MESSAGES} ruby")).to_have_count(0)
    expect(answer).to_contain_text("期間")
