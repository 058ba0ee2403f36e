"""Loading of the town's editable facts (town/*.yml).

Files are read on every call: they are tiny, and staff edits then apply to the
next answer without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict

import yaml

from actions.settings import town_dir


class TownFactsError(RuntimeError):
    """A town fact file is missing or malformed."""


def read_yaml_mapping(path: Path) -> Dict[str, Any]:
    """Reads a YAML file that must hold a mapping.

    Args:
        path: the file to read.

    Returns:
        The mapping.

    Raises:
        TownFactsError: the file is missing, not YAML, or not a mapping.
    """
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TownFactsError(f"Cannot read {path}: {error}. Fix the file.") from error
    if not isinstance(content, dict):
        raise TownFactsError(f"{path} must be a YAML mapping (key: value lines).")
    return content


@dataclass(frozen=True)
class Contact:
    """How residents reach the DX office."""

    office_name: str
    postal_code: str
    address: str
    address_romaji: str
    office_name_reading: str
    address_reading: str
    phone: str
    fax: str
    mail_form_url: str

    def as_template_values(self) -> Dict[str, str]:
        """Returns the fields as values for {placeholders} in responses.

        Besides the fields, `phone_uri` is the phone number as a tel: link
        (tel:0749427680), used by "call" buttons.
        """
        digits = "".join(char for char in self.phone if char.isdigit() or char == "+")
        return {**self.__dict__, "phone_uri": f"tel:{digits}"}


@dataclass(frozen=True)
class PolicyFacts:
    """Facts about the policy that the town may need to update."""

    policy_page_url: str
    plan_period_end: date


def load_contact(folder: Path | None = None) -> Contact:
    """Loads town/contact.yml.

    Raises:
        TownFactsError: a field is missing.
    """
    data = read_yaml_mapping((folder or town_dir()) / "contact.yml")
    try:
        return Contact(**{field: str(data[field]) for field in Contact.__annotations__})
    except KeyError as error:
        raise TownFactsError(f"contact.yml lacks the field {error}.") from error


def load_policy_facts(folder: Path | None = None) -> PolicyFacts:
    """Loads town/policy.yml.

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
