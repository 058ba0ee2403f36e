"""town/contact.yml: how residents reach the DX office."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

from bot.town.files import TownFactsError, read_yaml_mapping, town_dir


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


def load_contact(folder: Optional[Path] = None) -> Contact:
    """Loads town/contact.yml.

    Args:
        folder: the town folder; None reads TOWN_DIR or ./town.

    Raises:
        TownFactsError: the file is unreadable or a field is missing.
    """
    data = read_yaml_mapping((folder or town_dir()) / "contact.yml")
    try:
        return Contact(**{field: str(data[field]) for field in Contact.__annotations__})
    except KeyError as error:
        raise TownFactsError(f"contact.yml lacks the field {error}.") from error
