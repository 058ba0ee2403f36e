"""Text limits and notices shared by the public channels."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import pytest

from bot.channels.limits import InputLimits, LimitsError, Verdict, check_text, clean_text
from bot.channels.notices import Notice, notice_language, notice_text
from bot.language.codes import ANSWER_LANGUAGES

LIMITS = InputLimits(max_chars=10)


@pytest.mark.parametrize(
    ("text", "verdict", "cleaned"),
    [
        ("", Verdict.EMPTY, ""),
        (" \n\t\u3000", Verdict.EMPTY, None),
        ("\x00\x1f\x7f\x85", Verdict.EMPTY, None),
        ("期間は？", Verdict.OK, "期間は？"),
        ("  期間は？  ", Verdict.OK, "期間は？"),
        ("a\r\nb\rc", Verdict.OK, "a\nb\nc"),
        ("x" * 10, Verdict.OK, "x" * 10),
        ("x" * 11, Verdict.TOO_LONG, None),
        ("  " + "x" * 10 + "  ", Verdict.OK, "x" * 10),
        ("x\x00" * 10, Verdict.OK, "x" * 10),
        ("🙂" * 10, Verdict.OK, "🙂" * 10),
        ("\ud83d", Verdict.EMPTY, None),
    ],
)
def test_check_text(text: str, verdict: Verdict, cleaned: Optional[str]) -> None:
    checked = check_text(text, LIMITS)
    assert checked.verdict is verdict
    if cleaned is not None:
        assert checked.text == cleaned


def test_clean_text_keeps_newlines_tabs_and_format_characters() -> None:
    assert clean_text("a\tb\nc\u200dd\ufeffe\x08") == "a\tb\nc\u200dd\ufeffe"


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, 1000), ({"MAX_MESSAGE_CHARS": "500"}, 500), ({"MAX_MESSAGE_CHARS": " "}, 1000)],
)
def test_limits_from_env(env: Dict[str, str], expected: int) -> None:
    assert InputLimits.from_env(env).max_chars == expected


@pytest.mark.parametrize("value", ["0", "-1", "many", "1.5"])
def test_bad_limit_says_how_to_fix(value: str) -> None:
    with pytest.raises(LimitsError, match="MAX_MESSAGE_CHARS"):
        InputLimits.from_env({"MAX_MESSAGE_CHARS": value})


@pytest.mark.parametrize(
    ("text", "metadata", "language"),
    [
        ("", None, "ja"),
        ("🙂", None, "ja"),
        ("", {"language": "en-US"}, "en"),
        ("", {"language": "fr"}, "ja"),
        ("", {"language": 3}, "ja"),
        ("When does the DX policy end?", {"language": "ja"}, "en"),
        ("DXポリシーの期間はいつまでですか", {"language": "easy_ja"}, "easy_ja"),
        ("DXポリシーの期間はいつまでですか", {"language": "en"}, "ja"),
        ("Chính sách DX kéo dài đến khi nào?", None, "vi"),
        ("DX 정책은 언제까지입니까?", None, "ko"),
        ("这个政策是什么时候制定的？", None, "zh"),
        ("ok", {"language": "pt-BR"}, "pt"),
    ],
)
def test_notice_language(text: str, metadata: Optional[Dict[str, Any]], language: str) -> None:
    assert notice_language(text, metadata) == language


@pytest.mark.parametrize("language", ANSWER_LANGUAGES)
def test_every_notice_exists_in_every_language_with_its_values(language: str) -> None:
    assert "1,000" in notice_text(Notice.TOO_LONG, language, limit=1000)
    unavailable = notice_text(Notice.UNAVAILABLE, language)
    assert "0749-42-7680" in unavailable
    for notice in (Notice.EMPTY, Notice.RATE_LIMITED):
        assert notice_text(notice, language).strip()
    texts = {notice_text(notice, language, limit=9) for notice in Notice}
    assert len(texts) == len(Notice)


def test_unavailable_without_contact_file_still_answers(tmp_path: Path) -> None:
    text = notice_text(Notice.UNAVAILABLE, "en", town_dir=tmp_path)
    assert text == "Sorry, I cannot answer right now. Please try again in a little while."
