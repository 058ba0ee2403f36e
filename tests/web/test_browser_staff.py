"""Staff review a question the bot could not answer, in a real browser (headless Chromium).

The question goes to the running bot over Rasa's REST channel, so the real
action server captures it (redacted) in the review database the web server
shares; staff then log in at /staff, find it by another spelling (ゴミ),
assign it to a topic and export it to the training data (REVIEW_EXPORT_DIR of
the `staff_env` fixture). On the way, the pages are checked for plain
Japanese, badges and short cells that do not wrap (at 1280 px and on a 360 px
phone) and dated, fully labelled charts.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List

import pytest
import yaml

from bot.web.staff.inbox import topic_titles
from tests.web.conftest import RASA_PORT, STAFF_PASSWORD, STAFF_USER
from tests.web.staff.plain_words import engineering_words

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

QUESTION = "粗大ごみの収集日はいつですか？電話は090-1234-5678です"
SHOWN = "粗大ごみの収集日はいつですか"
PHONE = "090-1234-5678"
TOPIC = "ask_contact"
PHONE_VIEWPORT = {"width": 360, "height": 740}
# Cells whose text must stay on one line: the badge and the short values.
ONE_LINE = "table.questions .status, table.questions td.nowrap"
WRAPPED_CELLS_JS = """
(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (lines.size > 1) return true;
  }
  return false;
}).map((el) => el.textContent.trim())
"""


def ask_the_bot(text: str, sender: str) -> List[Dict[str, Any]]:
    """Sends `text` to the running bot over the REST channel; returns its replies."""
    request = urllib.request.Request(
        f"http://localhost:{RASA_PORT}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - localhost
        return json.loads(response.read())


def examples_of(path: Path, intent: str) -> str:
    """The examples block of `intent` in an exported Rasa NLU file."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert str(content["version"]) == "3.1"
    blocks = [item["examples"] for item in content["nlu"] if item.get("intent") == intent]
    assert blocks, f"{intent} is not in {path}"
    return "\n".join(blocks)


def serious_axe_violations(page: Page) -> List[str]:
    """axe-core's serious/critical findings, when axe-core is installed (else none)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        return []
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        ".then(r => r.violations.map(v => [v.id, v.impact]))"
    )
    return [rule for rule, impact in result if impact in ("serious", "critical")]


def wrapped_cells(page: Page) -> List[str]:
    """The texts of badges and short cells that take more than one line."""
    return page.evaluate(WRAPPED_CELLS_JS, ONE_LINE)


def badge_heights(page: Page) -> List[float]:
    """Each 未対応-style badge's height in lines of its own text (1.0 = one line)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.questions .status')].map((el) => {
          const style = getComputedStyle(el);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
          const box = el.getBoundingClientRect().height
            - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
            - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
          return box / line;
        })"""
    )


def wait_for_counts(page: Page, url: str, timeout_s: float = 20) -> None:
    """Reloads the dashboard until the action server's counter has written its counts."""
    deadline = time.monotonic() + timeout_s
    page.goto(url)
    while page.locator(".summary dd").first.inner_text() == "0件":
        assert time.monotonic() < deadline, "the message counts never reached the dashboard"
        page.wait_for_timeout(1000)
        page.goto(url)


def check_inbox_layout(page: Page) -> None:
    """No badge or short cell wraps; the page itself never scrolls sideways."""
    assert wrapped_cells(page) == []
    heights = badge_heights(page)
    assert heights and all(height < 1.5 for height in heights), heights
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, "the page scrolls sideways; only the table may"


def test_staff_assign_a_captured_question_and_export_it(
    page: Page, web_url: str, staff_env: Dict[str, str], screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    replies = ask_the_bot(QUESTION, sender="browser-test-staff-1")
    assert replies, "the bot did not answer"
    assert ask_the_bot("こんにちは", sender="browser-test-staff-2"), "the bot did not greet"

    page.goto(f"{web_url}/staff")
    expect(page.get_by_role("heading", name="職員用ページへのログイン")).to_be_visible()
    page.get_by_label("ユーザー名").fill(STAFF_USER)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("受信箱")
    row = page.get_by_role("row").filter(has_text=SHOWN)
    expect(row).to_have_count(1)
    expect(row).not_to_contain_text(PHONE)
    expect(row.locator("td.action-taken")).to_have_text("未対応")
    assert PHONE not in page.content()
    assert serious_axe_violations(page) == []
    assert engineering_words(page.inner_text("body")) == []
    check_inbox_layout(page)
    page.screenshot(path=str(screenshots_dir / "staff-inbox.png"), full_page=True)
    page.set_viewport_size(PHONE_VIEWPORT)
    check_inbox_layout(page)
    page.screenshot(path=str(screenshots_dir / "staff-inbox-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    for spelling in ("ゴミ", "塵"):  # the question says 粗大ごみ
        page.get_by_label("キーワード").fill(spelling)
        page.get_by_role("button", name="絞り込む").click()
        expect(page.get_by_role("row").filter(has_text=SHOWN)).to_have_count(1)
    row = page.get_by_role("row").filter(has_text=SHOWN)

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("質問 #")
    page.get_by_label("話題の例文として追加").select_option(TOPIC)
    page.get_by_role("button", name="この話題に追加").click()
    expect(page.get_by_role("status")).to_contain_text("1件を話題の例文に追加しました")
    expect(page.locator("table.details")).to_contain_text("話題に追加済み")
    expect(page.locator("table.audit")).to_contain_text(STAFF_USER)

    title = topic_titles()[TOPIC]
    page.goto(f"{web_url}/staff?status=all")
    expect(
        page.get_by_role("row").filter(has_text=SHOWN).locator("td.action-taken")
    ).to_contain_text(title)
    check_inbox_layout(page)

    page.get_by_role("link", name="学習データ出力").click()
    preview = page.get_by_role("row").filter(has_text=SHOWN)
    expect(preview).to_contain_text(title)
    expect(preview).to_contain_text("日本語の学習データ")
    assert engineering_words(page.inner_text("body")) == []
    page.get_by_role("button", name="学習データに出力する").click()
    expect(page.get_by_role("heading", name="出力しました")).to_be_visible()
    expect(page.locator("ul.files")).to_contain_text("日本語の学習データ")
    assert engineering_words(page.inner_text("body")) == []

    exported = Path(staff_env["REVIEW_EXPORT_DIR"]) / "ja.yml"
    examples = examples_of(exported, TOPIC)
    assert SHOWN in examples
    assert PHONE not in exported.read_text(encoding="utf-8")

    wait_for_counts(page, f"{web_url}/staff/dashboard")
    expect(page.get_by_role("heading", name="日ごとの質問数")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(6)
    assert serious_axe_violations(page) == []
    assert engineering_words(page.inner_text("body")) == []
    today = page.locator("#h-daily + svg g title").last.text_content() or ""
    daily_axis = page.locator("#h-daily + svg text.chart-axis").all_text_contents()
    assert today.split(":")[0] in daily_axis, "the last day's bar has no date"
    expect(page.locator("#h-rate + svg text.chart-value")).not_to_have_count(0)
    labels = " ".join(page.locator("svg text.chart-label").all_text_contents())
    assert "…" not in labels
    page.screenshot(path=str(screenshots_dir / "staff-dashboard.png"), full_page=True)
