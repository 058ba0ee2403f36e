"""Checks of a staff-edited answer text before it is stored.

An answer may only use the {placeholders} its original uses (in any of its
languages): the actions fill exactly those from the town's files, and Rasa
fills a text's braces as template fields, so a stray or unbalanced brace
would send residents the raw template. Dropping a placeholder is allowed,
with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Mapping, Tuple

MAX_ANSWER_CHARS = 2000
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_BRACED = re.compile(r"\{([^{}\n]*)\}")
# Control characters other than line breaks and tabs, and invisible marks.
_FORBIDDEN_CHARS = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]"
)
# What each placeholder stands for, in staff's words.
PLACEHOLDER_LABELS: Mapping[str, str] = {
    "office_name": "担当課の名前",
    "office_name_reading": "担当課の名前の読み方",
    "postal_code": "郵便番号",
    "address": "住所",
    "address_reading": "住所の読み方",
    "address_romaji": "住所のローマ字",
    "phone": "電話番号",
    "phone_uri": "電話をかけるリンク",
    "fax": "ファックス番号",
    "mail_form_url": "お問い合わせページのアドレス",
    "policy_page_url": "DX推進方針のページのアドレス",
    "today_hours": "今日の開庁時間",
    "next_opening": "次に開く日時",
    "weekly_hours": "開庁日と時間",
    "closed_days": "閉庁日",
    "holiday_name": "祝日の名前",
    "feedback_yes": "「はい」ボタンの送信内容",
    "feedback_no": "「いいえ」ボタンの送信内容",
}


def placeholders_in(text: str) -> Tuple[str, ...]:
    """The names of the {placeholders} of `text`, in order, each once."""
    return tuple(dict.fromkeys(PLACEHOLDER.findall(text)))


def placeholder_label(name: str) -> str:
    """「{phone}（電話番号）」: a placeholder as staff read it."""
    label = PLACEHOLDER_LABELS.get(name)
    return f"{{{name}}}（{label}）" if label else f"{{{name}}}"


@dataclass(frozen=True)
class TextCheck:
    """A cleaned answer text with what refuses it (errors) and what to look at (warnings)."""

    text: str
    errors: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the text may be saved."""
        return not self.errors


def clean_answer_text(text: str) -> str:
    """Line breaks as \\n, no blanks at the ends of the text or of its lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _brace_errors(text: str, allowed: Iterable[str]) -> List[str]:
    known = set(allowed)
    errors = []
    for inner in dict.fromkeys(_BRACED.findall(text)):
        if inner not in known:
            usable = "、".join(placeholder_label(name) for name in sorted(known)) or "ありません"
            errors.append(
                f"「{{{inner}}}」は使えません。｛｝で囲んで使えるのは、この回答の元の文面にある"
                f"差し込み項目だけです（使えるもの：{usable}）。"
            )
    if "{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text):
        errors.append(
            "半角の「{」と「}」の組み合わせが合っていません。"
            "差し込み項目以外で括弧を使う場合は、全角の「｛」「｝」を使ってください。"
        )
    return errors


def check_answer_text(text: str, allowed: Iterable[str], expected: Iterable[str] = ()) -> TextCheck:
    """Checks an edited answer text.

    Args:
        text: what staff typed.
        allowed: the placeholders of the original (any language of the response).
        expected: the placeholders of this language's original (warned about when left out).

    Returns:
        The cleaned text with errors (it must not be saved) and warnings.
    """
    cleaned = clean_answer_text(text)
    allowed = tuple(allowed)
    if not cleaned:
        message = "文面が空です。元の文面に戻す場合は「元の文面に戻す」ボタンを使ってください。"
        return TextCheck(cleaned, errors=(message,))
    errors: List[str] = []
    if len(cleaned) > MAX_ANSWER_CHARS:
        errors.append(
            f"文面は{MAX_ANSWER_CHARS}文字以内にしてください（いまは{len(cleaned)}文字です）。"
        )
    if _FORBIDDEN_CHARS.search(cleaned):
        errors.append(
            "文面に目に見えない特殊な文字が含まれています。"
            "別の場所から貼り付けた場合は、その部分を入力し直してください。"
        )
    errors.extend(_brace_errors(cleaned, allowed))
    used = set(placeholders_in(cleaned))
    warnings = tuple(
        f"元の文面にある「{placeholder_label(name)}」が入っていません。"
        "このまま保存もできますが、住民にその情報が表示されなくなります。"
        for name in expected
        if name not in used
    )
    return TextCheck(cleaned, tuple(errors), warnings)
