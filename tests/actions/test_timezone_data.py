"""The town's time zone works without a system time-zone database."""

from __future__ import annotations

import importlib.resources

from tests.domain_helpers import ROOT


def test_tzdata_is_locked_and_holds_the_town_zone() -> None:
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("tzdata==") for line in lock)
    zone = importlib.resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo")
    assert zone.is_file()


def test_no_action_hard_codes_the_zone() -> None:
    for path in [*(ROOT / "actions").glob("*.py"), *(ROOT / "bot" / "town").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if path.name != "office_hours.py":  # DEFAULT_TIMEZONE, for a file naming none
            assert "Asia/Tokyo" not in text, path
