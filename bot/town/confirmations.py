"""Town facts that the town has not confirmed yet.

Some facts the assistant states are not on the policy page (the seed): the
office hours, the contact page's address and the policy page's address. Each
town file marks them with a flag (`confirmed` in office_hours.yml,
`<key>_confirmed` in the others); while a flag is not true, staff see a
notice on the dashboard. A missing flag counts as not confirmed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from bot.town.files import TownFactsError, read_yaml_mapping, town_dir

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingFact:
    """A town fact waiting for the town's confirmation."""

    file: str
    flag: str
    notice: str  # plain Japanese for staff


# (file, flag, what the fact is, in Japanese for staff)
CONFIRMATION_FLAGS: Tuple[Tuple[str, str, str], ...] = (
    ("office_hours.yml", "confirmed", "受付時間とお休みの日"),
    ("contact.yml", "mail_form_url_confirmed", "お問い合わせページのアドレス（URL）"),
    ("policy.yml", "policy_page_url_confirmed", "ポリシーのページのアドレス（URL）"),
)


def pending_confirmations(folder: Optional[Path] = None) -> List[PendingFact]:
    """Lists the facts whose confirmation flag is not true.

    Args:
        folder: the town folder; None reads TOWN_DIR or ./town.

    Returns:
        One entry per unconfirmed fact, in the order of CONFIRMATION_FLAGS. An
        unreadable file counts as unconfirmed (and is logged).
    """
    base = folder or town_dir()
    pending = []
    for file, flag, what in CONFIRMATION_FLAGS:
        try:
            confirmed = read_yaml_mapping(base / file).get(flag) is True
        except TownFactsError:
            logger.exception("Cannot read %s for its confirmation flag.", file)
            confirmed = False
        if not confirmed:
            # Staff read the notice; the file and flag are for the technical staff's log.
            notice = f"{what}は、町の確認待ちです。確認できたら、内容を技術担当者に伝えてください。"
            logger.info("Unconfirmed town fact: %s in %s.", flag, file)
            pending.append(PendingFact(file=file, flag=flag, notice=notice))
    return pending
