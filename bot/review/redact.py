"""Redaction of personal data from residents' questions before they are stored.

The text is NFKC-normalised first (full-width digits and letters become ASCII),
then phone numbers, e-mail addresses, 12-digit マイナンバー-like numbers, card
numbers, postal codes and street numbers are replaced by language-neutral
tokens. Dates, times, years and the town office's own public numbers (read
from town/contact.yml) are kept: they are not personal and staff need them to
understand the question.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import FrozenSet, Iterable, Match, Tuple

logger = logging.getLogger(__name__)

PHONE = "[PHONE]"
EMAIL = "[EMAIL]"
MYNUMBER = "[MYNUMBER]"
CARD = "[CARD]"
ADDRESS = "[ADDRESS]"
TOKENS = (PHONE, EMAIL, MYNUMBER, CARD, ADDRESS)

# Dash look-alikes residents type between digits (090ー1234ー5678).
_DIGIT_DASH = re.compile(r"(?<=\d)\s*[‐‑‒–—―−ーｰ－]\s*(?=\d)")
_SEP = r"(?:\s*[-.]\s*|\s)?"
_COUNTER = r"(?:\s*[回章節条項月日年時分度号版位人件個円%歳才階])"

# Kept as they are (tried before the personal patterns at the same position).
_KEEP = [
    r"(?<!\d)(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)",
    r"(?:令和|平成|昭和|[RHS])\s?(?:\d{1,2}|元)\s?年(?:度)?",
    r"(?<!\d)\d{1,4}\s?年(?:度)?",
    r"(?<!\d)\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?",
    r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])",
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
    r"(?<!\d)\d{1,2}\s?時(?:\s?\d{1,2}\s?分)?",
]
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_CARD = r"(?<![\d-])\d{4}(?P<card_sep>[\s-]?)\d{4}(?P=card_sep)\d{4}(?P=card_sep)\d{4}(?!\d)"
_MYNUMBER = r"(?<![\d-])\d{4}(?P<mn_sep>[\s-]?)\d{4}(?P=mn_sep)\d{4}(?![\d])"
_PHONE = (
    rf"\+\s?81{_SEP}(?:\(0\)\s?)?\d{{1,4}}{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}}(?!\d)"
    rf"|(?<![\d-])0120{_SEP}\d{{3}}{_SEP}\d{{3}}(?![\d-])"
    rf"|(?<![\d-])\(0\d{{1,4}}\)\s?\d{{1,4}}{_SEP}\d{{4}}(?!\d)"
    rf"|(?<![\d-])0\d{{1,4}}{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}}(?!\d)"
)
_POSTAL = rf"〒\s*\d{{3}}-?\d{{4}}(?!\d)|(?<![\d-])\d{{3}}-\d{{4}}(?![\d-]|{_COUNTER})"
_STREET = (
    r"\d{1,3}\s?丁目(?:\s?\d{1,4}\s?(?:番地?|-))?(?:\s?\d{1,4}\s?(?:号|-\d{1,4})?)?"
    r"|\d{1,5}\s?番地(?:\s?の?\s?\d{1,4})?(?:-\d{1,4})?"
    r"|\d{1,4}\s?番\s?\d{1,4}\s?号"
    r"|\d{1,5}\s?号室"
    rf"|(?<=[\u3005\u4e00-\u9fff\u30a1-\u30fa])\d{{1,4}}-\d{{1,4}}(?:-\d{{1,4}})?(?![\d-]|{_COUNTER})"
)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _domestic(digits: str) -> str:
    """A phone number's digits in domestic form (+81 749 … -> 0749…)."""
    if digits.startswith("81"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


class Redactor:
    """Replaces personal data by tokens, keeping listed public numbers and texts."""

    def __init__(self, public_numbers: Iterable[str] = (), public_texts: Iterable[str] = ()):
        """Args:
        public_numbers: numbers never redacted (the office's phone, fax,
            postal code), compared by their digits.
        public_texts: exact texts never redacted (the office's address).
        """
        self.public_digits: FrozenSet[str] = frozenset(
            _domestic(_digits(number)) for number in public_numbers if _digits(number)
        )
        texts: Tuple[str, ...] = tuple(
            sorted(
                (unicodedata.normalize("NFKC", text) for text in public_texts if text),
                key=len,
                reverse=True,
            )
        )
        keep = [re.escape(text) for text in texts] + _KEEP
        self._pattern = re.compile(
            "|".join(
                [
                    f"(?P<keep>{'|'.join(keep)})",
                    f"(?P<email>{_EMAIL})",
                    f"(?P<card>{_CARD})",
                    f"(?P<mynumber>{_MYNUMBER})",
                    f"(?P<phone>{_PHONE})",
                    f"(?P<postal>{_POSTAL})",
                    f"(?P<street>{_STREET})",
                ]
            )
        )

    def _replace(self, match: Match[str]) -> str:
        kind = _kind_of(match)
        found = match.group(0)
        if kind == "keep":
            return found
        if kind == "email":
            return EMAIL
        if kind == "card":
            return CARD
        if kind == "mynumber":
            groups = re.findall(r"\d{4}", found)
            if _digits(found) != found and all(1900 <= int(group) <= 2099 for group in groups):
                return found  # "2023 2024 2025": three years, not a number
            return MYNUMBER
        if kind == "phone":
            digits = _domestic(_digits(found))
            if digits in self.public_digits:
                return found
            return PHONE if len(digits) in (10, 11) else found
        if kind == "postal":
            if _digits(found) in self.public_digits:
                return found
            return ADDRESS
        return ADDRESS

    def redact(self, text: str) -> str:
        """Returns `text`, NFKC-normalised, with personal data replaced by tokens.

        Args:
            text: a resident's message as typed.

        Returns:
            The redacted text (the tokens are PHONE, EMAIL, MYNUMBER, CARD and
            ADDRESS in square brackets).
        """
        normalized = unicodedata.normalize("NFKC", text)
        normalized = _DIGIT_DASH.sub("-", normalized)
        return self._pattern.sub(self._replace, normalized)


_KINDS = ("keep", "email", "card", "mynumber", "phone", "postal", "street")


def _kind_of(match: Match[str]) -> str:
    """The outer named group that matched (lastgroup may name an inner group)."""
    for kind in _KINDS:
        if match.group(kind) is not None:
            return kind
    return "street"


@lru_cache(maxsize=1)
def office_redactor() -> Redactor:
    """The redactor that keeps the DX office's own contact data (town/contact.yml)."""
    from actions.town_facts import TownFactsError, load_contact

    try:
        contact = load_contact()
    except TownFactsError:
        logger.warning("town/contact.yml unreadable: office numbers will be redacted too.")
        return Redactor()
    return Redactor(
        public_numbers=(contact.phone, contact.fax, contact.postal_code),
        public_texts=(contact.address,),
    )


def redact(text: str) -> str:
    """Redacts `text` with `office_redactor` (see `Redactor.redact`)."""
    return office_redactor().redact(text)


def has_redactions(text: str) -> bool:
    """True when `text` holds a redaction token."""
    return any(token in text for token in TOKENS)
