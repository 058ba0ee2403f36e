"""Text stays text, and a resident is never left without a way to reach the office."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.town.contact import load_contact
from tests.web.chat_page import (
    BOT_MESSAGES,
    INPUT,
    NOTICES,
    USER_MESSAGES,
    ask,
    bot_message,
    open_chat,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = [pytest.mark.model, pytest.mark.servers]

USER_MARKUP = '<script>window.__userXss = 1</script><img src=x onerror="window.__userXss = 2">'
BOT_MARKUP = '<script>window.__botXss = 1</script><img src=x onerror="window.__botXss = 2"> 期間'
# Stands in for the socket.io client: a "Rasa" that answers every message with
# markup, a javascript: button and a link button, to test the bot side alone.
FAKE_SOCKET_IO = """
window.io = function () {
  const handlers = {};
  const fire = (event, data) => (handlers[event] || []).forEach((fn) => fn(data));
  const socket = {
    on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); return socket; },
    connect() {},
    emit(event) {
      if (event === "session_request") setTimeout(() => fire("session_confirm", "fake"), 0);
      if (event === "user_uttered") setTimeout(() => fire("bot_uttered", {
        text: %s,
        quick_replies: [
          {content_type: "text", title: "<b>js</b>", payload: "javascript:window.__botXss = 3"},
          {content_type: "text", title: "site", payload: "https://example.org/?q=<i>"},
        ],
      }), 0);
    },
  };
  setTimeout(() => fire("connect"), 0);
  return socket;
};
"""


def no_markup_ran(page: Page, name: str) -> bool:
    """True when the page has no element or global created by the injected markup."""
    return page.evaluate(
        f"() => window.{name} === undefined"
        " && !document.querySelector('#aisho-chat script, #aisho-chat img, #aisho-chat b')"
    )


def test_user_markup_is_shown_as_text(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    open_chat(page, web_url)
    ask(page, USER_MARKUP)
    expect(page.locator(USER_MESSAGES).last.locator(".aisho-msg__bubble")).to_have_text(USER_MARKUP)
    # Besides the greeting, a polite answer (in one or more messages).
    expect(page.locator(BOT_MESSAGES)).not_to_have_count(1)
    assert no_markup_ran(page, "__userXss")


def test_bot_markup_is_shown_as_text(page: Page, web_url: str) -> None:
    import json

    from playwright.sync_api import expect

    def fake_client(route: Route) -> None:
        body = FAKE_SOCKET_IO % json.dumps(BOT_MARKUP)
        route.fulfill(status=200, content_type="text/javascript", body=body)

    page.route("**/static/vendor/socket.io.min.js", fake_client)
    open_chat(page, web_url)
    ask(page, "こんにちは")
    answer = bot_message(page, "__botXss")
    expect(answer.locator(".aisho-msg__text")).to_have_text(BOT_MARKUP)
    # A javascript: payload is not a link: it is sent back as text, like any payload.
    expect(answer.get_by_role("button", name="<b>js</b>")).to_be_visible()
    expect(page.locator("#aisho-chat a[href^='javascript']")).to_have_count(0)
    link = answer.get_by_role("link", name="site")
    expect(link).to_have_attribute("href", "https://example.org/?q=<i>")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    answer.get_by_role("button", name="<b>js</b>").click()
    expect(page.locator(USER_MESSAGES).last.locator(".aisho-msg__bubble")).to_have_text("<b>js</b>")
    # Furigana keeps the text as text as well.
    page.get_by_role("button", name="ふりがな").click()
    expect(answer.locator("ruby")).to_have_count(1)
    assert no_markup_ran(page, "__botXss")


def test_rasa_down_shows_the_office_phone(page: Page, web_url_rasa_down: str) -> None:
    from playwright.sync_api import expect

    contact = load_contact()
    open_chat(page, web_url_rasa_down)
    notice = page.locator(NOTICES).last
    expect(notice).to_contain_text(contact.phone)
    phone = notice.get_by_role("link", name=contact.phone)
    expect(phone).to_have_attribute("href", contact.as_template_values()["phone_uri"])
    # Sending while down: the notice again, and the question stays in the input.
    ask(page, "DXポリシーの期間は？")
    expect(page.locator(NOTICES)).to_have_count(2)
    expect(page.locator(INPUT)).to_have_value("DXポリシーの期間は？")
    expect(page.locator(USER_MESSAGES)).to_have_count(0)
