"""The committed sign-off tables (docs/sign-off/) match today's answers and sources."""

from __future__ import annotations

import pytest

from bot.content.report import LANGUAGES, UNCONFIRMED, language_report
from tests.conftest import TEST_TOWN_DIR
from tests.domain_helpers import ROOT


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_report_is_current(language: str) -> None:
    committed = (ROOT / "docs" / "sign-off" / f"{language}.md").read_text(encoding="utf-8")
    assert committed == language_report(language, ROOT / "town"), "run `make sign-off`"


def test_unconfirmed_town_facts_are_marked_and_seed_facts_are_not() -> None:
    report = language_report("ja", TEST_TOWN_DIR)
    assert f"town/office_hours.yml:weekly{UNCONFIRMED}" in report
    assert f"town/contact.yml:mail_form_url{UNCONFIRMED}" in report
    assert f"town/policy.yml:policy_page_url{UNCONFIRMED}" in report
    assert "town/contact.yml:phone |" in report
