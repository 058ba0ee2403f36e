"""town/policy.yml: facts about the policy that the town may need to update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from bot.town.files import TownFactsError, read_yaml_mapping, town_dir


@dataclass(frozen=True)
class PolicyFacts:
    """Facts about the policy that the town may need to update."""

    policy_page_url: str
    plan_period_end: date


def load_policy_facts(folder: Optional[Path] = None) -> PolicyFacts:
    """Loads town/policy.yml.

    Args:
        folder: the town folder; None reads TOWN_DIR or ./town.

    Raises:
        TownFactsError: a field is missing or the end date is not a date.
    """
    data = read_yaml_mapping((folder or town_dir()) / "policy.yml")
    try:
        end = data["plan_period_end"]
        return PolicyFacts(
            policy_page_url=str(data["policy_page_url"]),
            plan_period_end=end if isinstance(end, date) else date.fromisoformat(end),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TownFactsError(f"policy.yml is incomplete or invalid: {error}.") from error
