"""Town facts not on the policy page stay flagged until the town confirms them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.town.confirmations import pending_confirmations
from tests.conftest import TEST_TOWN_DIR


@pytest.fixture()
def town(tmp_path: Path) -> Path:
    folder = tmp_path / "town"
    shutil.copytree(TEST_TOWN_DIR, folder)
    return folder


def test_unconfirmed_hours_and_addresses_are_flagged() -> None:
    assert [(fact.file, fact.flag) for fact in pending_confirmations(TEST_TOWN_DIR)] == [
        ("office_hours.yml", "confirmed"),
        ("contact.yml", "mail_form_url_confirmed"),
        ("policy.yml", "policy_page_url_confirmed"),
    ]


def test_a_confirmed_fact_is_no_longer_listed(town: Path) -> None:
    hours = town / "office_hours.yml"
    hours.write_text(
        hours.read_text(encoding="utf-8").replace("confirmed: false", "confirmed: true"),
        encoding="utf-8",
    )
    assert "office_hours.yml" not in [fact.file for fact in pending_confirmations(town)]


@pytest.mark.parametrize("body", ["", "mail_form_url: https://example.jp\n", "[broken"])
def test_a_missing_flag_or_broken_file_counts_as_unconfirmed(town: Path, body: str) -> None:
    (town / "contact.yml").write_text(body, encoding="utf-8")
    assert "contact.yml" in [fact.file for fact in pending_confirmations(town)]
