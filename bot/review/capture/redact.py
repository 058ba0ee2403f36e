"""Redaction of personal data from residents' questions before they are stored.

The text is NFKC-normalised first (full-width digits and letters become ASCII,
＠ becomes @), numbers written in kanji (〇九〇…, 七十二番地, 一丁目二番三号) and
digits typed with spaces between them (0 9 0 …, 090  1234  5678) are written
as plain digits, then phone numbers, e-mail addresses (also "taro (at)
example.com"), 12-digit マイナンバー-like numbers, card numbers, account,
insurance and passport numbers, postal codes (with or without 〒 or hyphen),
street numbers and names residents introduce themselves with (「山田太郎です」,
「名前は…」, "my name is …") are replaced by language-neutral tokens.
Dates, times, years written as years (2023年度) and the town office's own
public numbers (read from town/contact.yml) are kept: they are not personal
and staff need them to understand the question. When in doubt the text is
redacted: three space-separated four-digit groups are a マイナンバー even if
they look like years ("1999 2000 2001"); written as years they survive.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import FrozenSet, Iterable, Match, Tuple

from bot.town.contact import load_contact
from bot.town.files import TownFactsError

logger = logging.getLogger(__name__)

PHONE = "[PHONE]"
EMAIL = "[EMAIL]"
MYNUMBER = "[MYNUMBER]"
CARD = "[CARD]"
ADDRESS = "[ADDRESS]"
ID_NUMBER = "[ID]"
NAME = "[NAME]"
TOKENS = (PHONE, EMAIL, MYNUMBER, CARD, ADDRESS, ID_NUMBER, NAME)

# Kanji numerals: digits, and the 十百千 of written-out numbers.
_KANJI_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_RUN = re.compile(r"[〇零一二三四五六七八九]{4,}")
_KANJI_NUMBER = re.compile(
    r"[〇零一二三四五六七八九十百千]+(?=\s?(?:丁目|番地|番|号|の[〇零一二三四五六七八九十百千]))"
    r"|(?<=番地の)[〇零一二三四五六七八九十百千]+"
)
# Digits typed one by one with spaces (0 9 0 1 2 3 4 5 6 7 8), at least seven.
_SPACED_DIGITS = re.compile(r"(?<!\d)(?<!\d )\d(?: \d){6,}(?! ?\d)")
# Digit groups separated by several spaces (090  1234  5678).
_WIDE_GAPS = re.compile(r"(?<=\d)[ \t]{2,}(?=\d)")
# "taro (at) example (dot) com", "taro アットマーク example.com", "taro @ example . com".
_AT_WORDS = re.compile(
    r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+(?=\S+\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*[A-Za-z]{2,})"
    r"|アットマーク|あっとまーく|アット)\s*",
    re.IGNORECASE,
)
_DOT_WORDS = re.compile(r"\s*(?:\(dot\)|\[dot\]|\{dot\})\s*|\s+dot\s+(?=[A-Za-z])", re.IGNORECASE)
_SPACED_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+\s*@\s*[A-Za-z0-9-]+(?:\s*\.\s*[A-Za-z0-9-]+)*\s*\.\s*[A-Za-z]{2,}"
)

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
# Account, insurance, passport, licence, pension ... numbers after their name.
_ID_WORDS = (
    r"口座番号|口座|保険証番号|保険証の番号|保険証|被保険者番号|記号番号|旅券番号|"
    r"パスポート番号|パスポート|免許証番号|免許番号|受給者番号|基礎年金番号|年金番号|"
    r"会員番号|証券番号|受付番号|account number|account no\.?|account|"
    r"policy number|passport number|passport no\.?|passport|licen[cs]e number|"
    r"número da conta|conta|passaporte|số tài khoản|tài khoản|hộ chiếu|"
    r"账号|账户|护照|계좌번호|계좌|여권"
)
_ID = (
    rf"(?P<id_lead>(?i:{_ID_WORDS})\s*(?:は|が|:|#|No\.?|№|番号|é|là|是|는|은)?\s*)"
    r"[A-Za-z]{0,2}\s?\d(?:[\d -]{4,18})\d(?!\d)"
)
_PASSPORT = r"(?<![A-Za-z0-9])[A-Za-z]{2}\s?\d{7}(?![A-Za-z0-9])"
# Long bare numbers that are not dates, phones or amounts.
_LONG_NUMBER = rf"(?<![\d.,-])\d{{7,11}}(?![\d.,]|{_COUNTER})"
_CARD = r"(?<![\d-])\d{4}(?P<card_sep>[\s-]?)\d{4}(?P=card_sep)\d{4}(?P=card_sep)\d{4}(?!\d)"
_MYNUMBER = r"(?<![\d-])\d{4}(?P<mn_sep>[\s-]?)\d{4}(?P=mn_sep)\d{4}(?![\d])"
_PHONE = (
    rf"\+\s?81{_SEP}(?:\(0\)\s?)?\d{{1,4}}{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}}(?!\d)"
    rf"|(?<![\d-])0120{_SEP}\d{{3}}{_SEP}\d{{3}}(?![\d-])"
    rf"|(?<![\d-])\(0\d{{1,4}}\)\s?\d{{1,4}}{_SEP}\d{{4}}(?!\d)"
    rf"|(?<![\d-])0\d{{1,4}}{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}}(?!\d)"
)
_POSTAL = rf"〒\s*\d{{3}}[-\s]?\d{{4}}(?!\d)|(?<![\d-])\d{{3}}-\d{{4}}(?![\d-]|{_COUNTER})"
# An eight-digit date (20231207) is kept.
_DATE_DIGITS = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_STREET = (
    r"\d{1,3}\s?丁目(?:\s?\d{1,4}\s?(?:番地?|-))?(?:\s?\d{1,4}\s?(?:号|-\d{1,4})?)?"
    r"|\d{1,5}\s?番地(?:\s?の?\s?\d{1,4})?(?:-\d{1,4})?"
    r"|\d{1,4}\s?番\s?\d{1,4}\s?号"
    r"|\d{1,5}\s?号室"
    rf"|(?<=[\u3005\u4e00-\u9fff\u30a1-\u30fa])\d{{1,4}}-\d{{1,4}}(?:-\d{{1,4}})?(?![\d-]|{_COUNTER})"
)


# Names residents introduce themselves with. The name itself becomes [NAME].
_NAME_PATTERNS = (
    # 名前は山田太郎です / 氏名：山田 / なまえは やまだ
    re.compile(
        r"(?P<lead>(?:名前|氏名|なまえ|お名前)\s*(?:は|:|：)\s*)"
        r"(?P<name>[^\s、。,.!?！？]{1,12}?)(?=\s*(?:です|と申します|といいます|でございます|[、。,.!?！？]|$|\s))"
    ),
    # 山田太郎と申します / やまだといいます (anywhere)
    re.compile(
        r"(?P<lead>(?:^|(?<=[\s、。,!！]))(?:私は|わたしは|僕は|ぼくは|わたくしは)?\s*)"
        r"(?P<name>[\u3005\u4e00-\u9fffぁ-んァ-ヶー]{1,10}?)(?=\s*(?:と申します|ともうします|といいます|と言います))"
    ),
    # 私は山田です
    re.compile(
        r"(?P<lead>(?:私|わたし|僕|ぼく|わたくし)は\s*)"
        r"(?P<name>[\u3005\u4e00-\u9fffぁ-んァ-ヶー]{1,10}?)(?=\s*です(?:[、。,!！\s]|$))"
    ),
    # 山田太郎です。 at the start of the message (family and given name: 3+ characters)
    re.compile(
        r"(?P<lead>^\s*)(?P<name>[\u3005\u4e00-\u9fff]{2,4}\s?[\u3005\u4e00-\u9fffぁ-んァ-ヶ]{1,4})"
        # ...but not a place or an office (愛荘町です, 推進室です).
        r"(?<![町市村県区課室係所館局部会])(?=です(?:[、。,!！\s]|$))"
    ),
    # my name is John Smith / meu nome é Ana / tên tôi là Lan / 我叫李明 / 제 이름은 김민수
    re.compile(
        r"(?P<lead>(?:my name is|i am called|meu nome é|me chamo|tên tôi là|tôi tên là|"
        r"我叫|我的名字是|我的名字叫|제 이름은|저는)\s*)"
        r"(?P<name>[^\s,.!?，。！？]+(?:\s[A-ZÀ-Ý][^\s,.!?，。！？]*)?)",
        re.IGNORECASE,
    ),
)


def _kanji_value(text: str) -> str:
    """A kanji numeral as digits: 七十二 -> 72, 二 -> 2, 一〇五 -> 105."""
    if not any(unit in text for unit in _KANJI_UNITS):
        return "".join(_KANJI_DIGITS.get(char, char) for char in text)
    total, current = 0, 0
    for char in text:
        if char in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[char]
            current = 0
        else:
            current = current * 10 + int(_KANJI_DIGITS[char])
    return str(total + current)


def _plain_digits(text: str) -> str:
    """Numbers written so that the patterns below would miss them, as plain digits."""
    text = _KANJI_RUN.sub(lambda m: _kanji_value(m.group(0)), text)
    text = _KANJI_NUMBER.sub(lambda m: _kanji_value(m.group(0)), text)
    text = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _WIDE_GAPS.sub(" ", text)


def _plain_emails(text: str) -> str:
    """Addresses written around spam filters, as ordinary addresses."""
    if not _AT_WORDS.search(text) and not _SPACED_EMAIL.search(text):
        return text
    text = _AT_WORDS.sub("@", text)
    text = _DOT_WORDS.sub(".", text)
    return _SPACED_EMAIL.sub(lambda m: re.sub(r"\s+", "", m.group(0)), text)


def _names(text: str) -> str:
    for pattern in _NAME_PATTERNS:
        text = pattern.sub(lambda m: f"{m.group('lead')}{NAME}", text)
    return text


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
                    f"(?P<id>{_ID})",
                    f"(?P<card>{_CARD})",
                    f"(?P<mynumber>{_MYNUMBER})",
                    f"(?P<phone>{_PHONE})",
                    f"(?P<postal>{_POSTAL})",
                    f"(?P<passport>{_PASSPORT})",
                    f"(?P<longnumber>{_LONG_NUMBER})",
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
        if kind == "id":
            return f"{match.group('id_lead')}{ID_NUMBER}"
        if kind == "passport":
            return ID_NUMBER
        if kind == "card":
            return CARD
        if kind == "mynumber":
            return MYNUMBER
        if kind == "longnumber":
            if _DATE_DIGITS.fullmatch(found) or _digits(found) in self.public_digits:
                return found
            return ADDRESS if len(found) == 7 else ID_NUMBER
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
            The redacted text (the tokens are PHONE, EMAIL, MYNUMBER, CARD,
            ADDRESS, ID and NAME in square brackets).
        """
        normalized = unicodedata.normalize("NFKC", text)
        normalized = _plain_emails(_plain_digits(normalized))
        normalized = _DIGIT_DASH.sub("-", normalized)
        return _names(self._pattern.sub(self._replace, normalized))


_KINDS = (
    "keep",
    "email",
    "id",
    "card",
    "mynumber",
    "phone",
    "postal",
    "passport",
    "longnumber",
    "street",
)


def _kind_of(match: Match[str]) -> str:
    """The outer named group that matched (lastgroup may name an inner group)."""
    for kind in _KINDS:
        if match.group(kind) is not None:
            return kind
    return "street"


@lru_cache(maxsize=1)
def office_redactor() -> Redactor:
    """The redactor that keeps the DX office's own contact data (town/contact.yml)."""
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
