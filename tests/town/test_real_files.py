"""The real town files (town/) are well formed, whatever facts the town writes.

Nothing here compares a value with a known fact: the town may change its phone
number, hours or addresses. Other tests read tests/data/town.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.town.__main__ import main
from bot.town.files import DEFAULT_TOWN_DIR
from bot.town.schema import town_problems
from bot.town.topic_titles import TITLES_DIR
from tests.conftest import TEST_TOWN_DIR


def test_the_real_town_files_are_well_formed() -> None:
    assert town_problems(DEFAULT_TOWN_DIR) == []


@pytest.fixture()
def town(tmp_path: Path) -> Path:
    """A well-formed town folder to break."""
    folder = tmp_path / "town"
    shutil.copytree(TEST_TOWN_DIR, folder)
    shutil.copytree(TITLES_DIR, folder / "topic_titles")
    assert town_problems(folder) == []
    return folder


def replace_line(path: Path, start: str, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(line if old.startswith(start) else old for old in lines) + "\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("file", "start", "line", "problem"),
    [
        ("contact.yml", "phone:", "phone: 42-7680", "contact.yml:phone"),
        ("contact.yml", "phone:", "phone: ０７４９-４２-７６８０", "contact.yml:phone"),
        ("contact.yml", "fax:", "fax: 0749 42 6090", "contact.yml:fax"),
        ("contact.yml", "postal_code:", "postal_code: 5291380", "contact.yml:postal_code"),
        ("contact.yml", "mail_form_url:", "mail_form_url: www.town.example", "mail_form_url"),
        ("contact.yml", "office_name:", "office_name: ' '", "contact.yml:office_name is empty"),
        ("contact.yml", "fax:", "# no fax", "lacks the field 'fax'"),
        ("contact.yml", "mail_form_url_confirmed:", "mail_form_url_confirmed: yes?", "write true"),
        ("policy.yml", "policy_page_url:", "policy_page_url: http://x.example", "policy_page_url"),
        ("policy.yml", "plan_period_end:", "plan_period_end: 2026-13-01", "policy.yml"),
        (
            "office_hours.yml",
            "  monday:",
            '  monday: {open: "8:30", close: "17:15"}',
            "monday.open",
        ),
        (
            "office_hours.yml",
            "  friday:",
            '  friday: {open: "17:15", close: "08:30"}',
            "closes before",
        ),
        ("office_hours.yml", "  sunday:", "  sundy: null", "unknown day"),
        ("office_hours.yml", "timezone:", "timezone: Asia/Tokio", "office_hours.yml"),
    ],
)
def test_a_malformed_fact_is_named(
    town: Path, file: str, start: str, line: str, problem: str
) -> None:
    replace_line(town / file, start, line)
    problems = town_problems(town)
    assert any(problem in message for message in problems), problems


def test_a_missing_title_file_is_named(town: Path) -> None:
    (town / "topic_titles" / "ko.yml").unlink()
    assert town_problems(town) == ["topic_titles/ko.yml is missing."]


def test_the_command_line_names_problems(town: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert main(["check", "--town", str(town)]) == 0
    replace_line(town / "contact.yml", "phone:", "phone: 42-7680")
    assert main(["check", "--town", str(town)]) == 1
    assert "contact.yml:phone" in caplog.text
