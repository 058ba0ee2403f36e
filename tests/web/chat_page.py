"""What a resident does with the chat widget, as steps the browser tests share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.domain_helpers import merged_domain

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

LAUNCHER = ".aisho-launcher"
PANEL = "#aisho-chat-panel"
INPUT = "#aisho-chat-input"
BOT_MESSAGES = ".aisho-msg--bot"
USER_MESSAGES = ".aisho-msg--user"
NOTICES = ".aisho-msg--notice"


def open_chat(page: Page, url: str) -> None:
    """Opens the page and the widget with the mouse; the widget greets the resident."""
    from playwright.sync_api import expect

    page.goto(url)
    page.locator(LAUNCHER).click()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(BOT_MESSAGES).first).to_be_visible()


def ask(page: Page, text: str) -> None:
    """Types `text` into the widget and sends it with Enter."""
    page.locator(INPUT).fill(text)
    page.locator(INPUT).press("Enter")


def bot_message(page: Page, text: str) -> Locator:
    """The last bot message containing `text` (waited for by the caller's expect)."""
    return page.locator(BOT_MESSAGES).filter(has_text=text).last


def response_text(name: str, language: str = "ja") -> str:
    """The first line of a response's variation in `language`, from the real domain."""
    for variation in merged_domain().responses[name]:
        languages = [
            condition["value"]
            for condition in variation.get("condition") or []
            if condition.get("name") == "language"
        ]
        if (languages[0] if languages else "ja") == language:
            return str(variation["text"]).splitlines()[0]
    raise KeyError(f"{name} has no {language} variation")
