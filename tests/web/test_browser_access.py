"""Accessibility of the chat (JIS X 8341-3 / WCAG 2.1 AA) in a real browser:
keyboard-only use, small screens and zoom, large text, and axe-core's checks.

Screenshots go to results/screenshots/, axe-core's findings to results/axe-results.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List

import pytest

from tests.web.chat_page import (
    BOT_MESSAGES,
    INPUT,
    LAUNCHER,
    PANEL,
    ask,
    bot_message,
    open_chat,
    response_text,
)
from tests.web.conftest import AXE_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

QUESTION = "DXポリシーの期間は？"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


def focused(page: Page) -> str:
    """A short description of the focused element: id, or tag and text."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id || `${e.tagName.toLowerCase()}:${e.textContent.trim()}`; }"
    )


def press_until_focused(page: Page, key: str, target: str, limit: int = 40) -> None:
    """Presses `key` until the element described as `target` has the focus."""
    for _ in range(limit):
        if focused(page) == target:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} never got the focus with {key}; last: {focused(page)}")


def test_keyboard_only(page: Page, web_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(web_url)
    press_until_focused(page, "Tab", "button:チャットで質問する")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused launcher must show where the focus is"
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(bot_message(page, response_text("utter_policy_period_ended", "ja"))).to_be_visible()
    # Back from the input to the answer's quick reply, and press it.
    press_until_focused(page, "Shift+Tab", "button:問い合わせ先")
    page.keyboard.press("Enter")
    expect(page.locator(BOT_MESSAGES).get_by_role("link", name="電話をかける")).to_be_visible()
    expect(page.locator(INPUT)).to_be_focused()
    # The language menu opens and closes with the keyboard; Escape closes it first.
    press_until_focused(page, "Shift+Tab", "button:言語（Language）")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="日本語", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="言語（Language）")).to_be_focused()
    expect(page.get_by_role("button", name="English", exact=True)).to_be_hidden()
    # Escape closes the widget and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_focused()


@pytest.mark.parametrize(
    ("name", "width", "height", "scale"),
    [
        ("desktop", 1280, 800, 1),
        ("phone", 360, 740, 2),
        # 200 % zoom of a 1280 x 800 window: half as many CSS pixels, twice as dense.
        ("zoom-200", 640, 400, 2),
    ],
)
def test_screens_and_zoom(
    browser: Browser,
    web_url: str,
    screenshots_dir: Path,
    name: str,
    width: int,
    height: int,
    scale: int,
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="ja-JP"
    )
    page = context.new_page()
    try:
        open_chat(page, web_url)
        ask(page, QUESTION)
        expect(bot_message(page, response_text("utter_policy_period_ended", "ja"))).to_be_visible()
        page.screenshot(path=str(screenshots_dir / f"{name}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scroll"
        for control in (INPUT, ".aisho-send", ".aisho-close"):
            box = page.locator(control).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, control
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, control
        if name == "phone":
            large = page.get_by_role("button", name="文字を大きく")
            large.click()
            expect(large).to_have_attribute("aria-pressed", "true")
            assert (
                page.evaluate("getComputedStyle(document.getElementById('aisho-chat')).fontSize")
                == "20px"
            )
            page.screenshot(path=str(screenshots_dir / "phone-large-text.png"))
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def run_axe(page: Page) -> Dict[str, Any]:
    """axe-core's results for the page as it is now (axe is injected by the fixture)."""
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => ({violations: r.violations, passes: r.passes.length,"
        " incomplete: r.incomplete.length}))",
        AXE_TAGS,
    )


def summary(result: Dict[str, Any]) -> Dict[str, Any]:
    """Violations counted by impact, with each rule's id, help and node count."""
    violations: List[Dict[str, Any]] = result["violations"]
    by_impact: Dict[str, int] = {}
    for violation in violations:
        by_impact[violation["impact"]] = by_impact.get(violation["impact"], 0) + 1
    return {
        "violations_by_impact": by_impact,
        "violations": [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [node["target"] for node in v["nodes"]],
            }
            for v in violations
        ],
        "rules_passed": result["passes"],
        "rules_incomplete": result["incomplete"],
    }


def test_axe_finds_no_serious_or_critical_violations(
    page: Page, web_url: str, results_dir: Path
) -> None:
    from playwright.sync_api import expect

    assert AXE_SCRIPT.exists(), "axe-core is missing: run `make web-assets` (npm ci)"
    page.goto(web_url)
    states = {"page, chat closed": run_axe(page)}
    open_chat(page, web_url)
    ask(page, QUESTION)
    expect(bot_message(page, response_text("utter_policy_period_ended", "ja"))).to_be_visible()
    page.get_by_role("button", name="ふりがな").click()
    expect(page.locator(f"{BOT_MESSAGES} ruby").first).to_be_visible()
    page.get_by_role("button", name="言語（Language）").click()
    states["chat open: answer, quick replies, furigana, language menu"] = run_axe(page)
    report = {
        "axe_version": page.evaluate("axe.version"),
        "tags": AXE_TAGS,
        "states": {state: summary(result) for state, result in states.items()},
    }
    (results_dir / "axe-results.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    blocking = [
        (state, violation["id"], violation["impact"])
        for state, result in states.items()
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, blocking
