"""Staff review a question the bot could not answer, in a real browser (headless Chromium).

The question goes to the running bot over Rasa's REST channel, so the real
action server captures it (redacted) in the review database the web server
shares; staff then log in at /staff, assign it to a topic and export it to
the training data (REVIEW_EXPORT_DIR of the `staff_env` fixture).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List

import pytest
import yaml

from tests.web.conftest import RASA_PORT, STAFF_PASSWORD, STAFF_USER

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.model, pytest.mark.servers]

QUESTION = "粗大ごみの収集日はいつですか？電話は090-1234-5678です"
SHOWN = "粗大ごみの収集日はいつですか"
PHONE = "090-1234-5678"
TOPIC = "ask_contact"


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


def test_staff_assign_a_captured_question_and_export_it(
    page: Page, web_url: str, staff_env: Dict[str, str], screenshots_dir: Path
) -> None:
    from playwright.sync_api import expect

    replies = ask_the_bot(QUESTION, sender="browser-test-staff-1")
    assert replies, "the bot did not answer"

    page.goto(f"{web_url}/staff")
    expect(page.get_by_role("heading", name="職員用ページへのログイン")).to_be_visible()
    page.get_by_label("ユーザー名").fill(STAFF_USER)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("受信箱")
    row = page.get_by_role("row").filter(has_text=SHOWN)
    expect(row).to_have_count(1)
    expect(row).not_to_contain_text(PHONE)
    assert PHONE not in page.content()
    assert serious_axe_violations(page) == []
    page.screenshot(path=str(screenshots_dir / "staff-inbox.png"), full_page=True)

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("質問 #")
    page.get_by_label("話題の例文として追加").select_option(TOPIC)
    page.get_by_role("button", name="この話題に追加").click()
    expect(page.get_by_role("status")).to_contain_text("1件を話題の例文に追加しました")
    expect(page.locator("table.details")).to_contain_text("話題に追加済み")
    expect(page.locator("table.audit")).to_contain_text(STAFF_USER)

    page.get_by_role("link", name="学習データ出力").click()
    preview = page.get_by_role("row").filter(has_text=SHOWN)
    expect(preview).to_contain_text(TOPIC)
    page.get_by_role("button", name="学習データに出力する").click()
    expect(page.get_by_role("heading", name="出力しました")).to_be_visible()
    expect(page.locator("ul.files")).to_contain_text("ja.yml")

    exported = Path(staff_env["REVIEW_EXPORT_DIR"]) / "ja.yml"
    examples = examples_of(exported, TOPIC)
    assert SHOWN in examples
    assert PHONE not in exported.read_text(encoding="utf-8")

    page.get_by_role("link", name="ダッシュボード").click()
    expect(page.get_by_role("heading", name="日ごとの質問数")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(6)
    assert serious_axe_violations(page) == []
    page.screenshot(path=str(screenshots_dir / "staff-dashboard.png"), full_page=True)
