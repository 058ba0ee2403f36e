"""What a resident notices in a real browser: readings shown once, long answers
read from their start, over-long messages explained, the phone chat as a modal
dialog, the chosen language kept, and the layout at 200 % zoom and on one row.

Screenshots of the fixed states go to results/screenshots/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pytest

from bot.language.codes import ANSWER_LANGUAGES
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
from tests.web.conftest import WAIT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

LANGUAGES = ANSWER_LANGUAGES
# A reading in brackets right after a word: （けいかく）.
BRACKETED_READING = re.compile(r"^[（(][\u3041-\u3096ー]+[）)]")


def eventually(check: Callable[[], bool], what: str, timeout_s: float = WAIT_MS / 1000) -> None:
    """Waits until `check()` is true (the page's CSP forbids wait_for_function)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {what}")
        time.sleep(0.1)


def top_is_visible_in_log(page: Page, message: Locator) -> bool:
    """Whether the first line of `message` is inside the visible part of the log."""
    box = message.bounding_box()
    log = page.locator(".aisho-log").bounding_box()
    assert box and log
    return log["y"] - 1 <= box["y"] <= log["y"] + log["height"] - 20


@pytest.fixture()
def phone(browser: Browser) -> Iterator[Page]:
    """A 360-px phone with a Japanese browser."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ja-JP", has_touch=True
    )
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def choose_language(page: Page, name: str) -> None:
    """Chooses a language from the widget's menu and waits for the confirmation."""
    page.locator(".aisho-toolbar .aisho-tool").first.click()
    page.get_by_role("button", name=name, exact=True).click()


def test_easy_japanese_with_furigana_shows_each_reading_once(
    page: Page, web_url: str, screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    choose_language(page, "やさしい にほんご")
    expect(bot_message(page, response_text("utter_language_changed", "easy_ja"))).to_be_visible()
    ask(page, "DXポリシーの期間は？")
    first_line = response_text("utter_policy_period_ended", "easy_ja")
    answer = bot_message(page, first_line)
    expect(answer).to_be_visible()
    assert re.search(r"[\u4e00-\u9fff]（[\u3041-\u3096]+）", answer.inner_text()), (
        "easy-Japanese answers give readings in brackets when ふりがな is off"
    )
    page.get_by_role("button", name="ふりがな").click()
    rubies = page.locator(f"{BOT_MESSAGES} ruby")
    expect(rubies.first).to_be_visible()
    found = page.evaluate(
        """() => Array.from(document.querySelectorAll('.aisho-msg--bot ruby')).map((ruby) => ({
            base: ruby.firstChild.textContent,
            reading: ruby.querySelector('rt').textContent,
            after: ruby.nextSibling ? ruby.nextSibling.textContent : '',
        }))"""
    )
    assert len(found) > 5
    for ruby in found:
        assert not BRACKETED_READING.match(ruby["after"]), f"{ruby['base']} is read twice"
        assert not re.search(r"[\u3041-\u3096]", ruby["base"]), f"a reading spreads: {ruby}"
    page.screenshot(path=str(screenshots_dir / "easy-japanese-furigana.png"))


def test_a_long_answer_is_shown_from_its_beginning(
    page: Page, web_url: str, screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, "DXポリシーとは？")
    expect(bot_message(page, response_text("utter_policy_overview", "ja"))).to_be_visible()
    # A topic answer ends with 「解決しましたか？」: count after it has arrived.
    expect(bot_message(page, response_text("utter_ask_feedback", "ja"))).to_be_visible()
    before = page.locator(BOT_MESSAGES).count()
    ask(page, "ゴミの収集日は？")
    apology = bot_message(page, response_text("utter_cannot_answer", "ja"))
    expect(apology).to_be_visible()
    # The apology, the office's contact and whether it is open now.
    expect(page.locator(BOT_MESSAGES)).to_have_count(before + 3)
    time.sleep(0.5)  # the last part settles
    eventually(lambda: top_is_visible_in_log(page, apology), "the apology's first line is in view")
    expect(page.locator(INPUT)).to_be_in_viewport()
    page.screenshot(path=str(screenshots_dir / "long-answer-from-its-start.png"))
    page.get_by_role("button", name="文字を大きく").click()
    eventually(
        lambda: top_is_visible_in_log(page, apology), "the answer stays in view with large text"
    )


def test_an_over_long_message_is_explained_not_cut(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    counter = page.locator(".aisho-counter")
    page.locator(INPUT).fill("あ" * 100)
    expect(counter).to_be_hidden()
    page.locator(INPUT).fill("あ" * 950)
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("あと50文字")
    sent = page.locator(USER_MESSAGES).count()
    page.locator(INPUT).fill("あ" * 1200)  # as a paste would
    expect(page.locator(INPUT)).to_have_value("あ" * 1200)
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("1000文字まで")
    expect(notice).to_contain_text("いま1200文字")
    expect(page.locator(INPUT)).to_have_attribute("aria-invalid", "true")
    page.locator(INPUT).press("Enter")
    expect(page.locator(USER_MESSAGES)).to_have_count(sent)
    expect(page.locator(INPUT)).to_have_value("あ" * 1200)  # nothing lost
    page.locator(INPUT).fill("DXポリシーの期間は？")
    expect(notice).to_be_hidden()
    page.locator(INPUT).press("Enter")
    expect(page.locator(USER_MESSAGES)).to_have_count(sent + 1)


def test_on_a_phone_the_chat_is_a_modal_dialog(
    phone: Page, web_url: str, screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    open_chat(phone, web_url)
    expect(phone.locator(PANEL)).to_have_attribute("aria-modal", "true")
    assert phone.evaluate("document.querySelector('main').closest('[inert]') !== null")
    phone.locator(".aisho-send").focus()
    for step in range(12):
        phone.keyboard.press("Tab")
        inside = phone.evaluate(
            "document.getElementById('aisho-chat-panel').contains(document.activeElement)"
        )
        assert inside, f"Tab {step + 1} left the chat"
    for _ in range(3):
        phone.keyboard.press("Shift+Tab")
        assert phone.evaluate(
            "document.getElementById('aisho-chat-panel').contains(document.activeElement)"
        )
    phone.screenshot(path=str(screenshots_dir / "phone-dialog.png"))
    phone.locator(".aisho-close").click()
    expect(phone.locator(PANEL)).to_be_hidden()
    assert phone.evaluate("document.querySelector('main').closest('[inert]') === null")
    expect(phone.locator(".aisho-launcher")).to_be_focused()


def test_on_a_desktop_the_page_stays_usable_beside_the_chat(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    expect(page.locator(PANEL)).to_have_attribute("aria-modal", "false")
    assert page.evaluate("document.querySelector('main').closest('[inert]') === null")


def test_markup_in_a_japanese_question_does_not_change_the_answer_language(
    page: Page, web_url: str
) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, "<script>alert('x')</script>DXポリシーとは？")
    expect(page.locator(USER_MESSAGES).last).to_contain_text("<script>")
    answer = bot_message(page, response_text("utter_policy_overview", "ja"))
    expect(answer).to_be_visible()
    expect(answer.locator(".aisho-msg__bubble")).to_have_attribute("lang", "ja")


def test_easy_japanese_chosen_in_the_menu_holds_for_japanese_text(
    browser: Browser, web_url: str
) -> None:
    """A resident who chose easy Japanese earlier comes back and types ordinary Japanese."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    context.add_init_script(
        "localStorage.setItem('aisho-chat:prefs', JSON.stringify({language: 'easy_ja'}))"
    )
    page = context.new_page()
    try:
        open_chat(page, web_url)
        ask(page, "DXポリシーの期間は？")
        expect(
            bot_message(page, response_text("utter_policy_period_ended", "easy_ja"))
        ).to_be_visible()
    finally:
        context.close()


def test_200_percent_zoom_with_large_text_and_the_language_menu(
    browser: Browser, web_url: str, screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    # 200 % zoom of a 1280 x 800 window.
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, device_scale_factor=2, locale="ja-JP"
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        open_chat(page, web_url)
        ask(page, "DXポリシーの期間は？")
        expect(bot_message(page, response_text("utter_policy_period_ended", "ja"))).to_be_visible()
        page.get_by_role("button", name="文字を大きく").click()
        log = page.locator(".aisho-log").bounding_box()
        assert log and log["height"] >= 0.45 * 400, f"the conversation gets {log} of 400 px"
        page.locator(".aisho-toolbar .aisho-tool").first.click()
        expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()
        for control in (INPUT, ".aisho-send"):
            box = page.locator(control).bounding_box()
            assert box and box["y"] + box["height"] <= 400, f"{control} is pushed off the screen"
        page.screenshot(path=str(screenshots_dir / "zoom-200-large-text-language-menu.png"))
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_the_tools_stay_on_one_row_in_every_language(
    browser: Browser, web_url: str, width: int, height: int
) -> None:
    for language in LANGUAGES:
        for large in (False, True):
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(
                "localStorage.setItem('aisho-chat:prefs', JSON.stringify("
                f"{{language: '{language}', largeText: {str(large).lower()}}}))"
            )
            page = context.new_page()
            try:
                page.goto(web_url)
                page.locator(".aisho-launcher").click()
                toolbar = page.locator(".aisho-toolbar").bounding_box()
                tools = [
                    box
                    for box in (tool.bounding_box() for tool in page.locator(".aisho-tool").all())
                    if box
                ]
                assert toolbar and tools
                assert len({round(box["y"]) for box in tools}) == 1, (language, large, tools)
                right = max(box["x"] + box["width"] for box in tools)
                assert right <= toolbar["x"] + toolbar["width"] - 4, (language, large, right)
            finally:
                context.close()
