"""Which language a resident asks for, in any supported language."""

from typing import Optional

import pytest

from bot.language.choice import requested_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("English please", "en"),
        ("can you answer in english?", "en"),
        ("em português", "pt"),
        ("em portugues por favor", "pt"),
        ("日本語で", "ja"),
        ("やさしい日本語で", "easy_ja"),
        ("やさしい にほんご", "easy_ja"),
        ("Easy Japanese please", "easy_ja"),
        ("日本語じゃなくて英語で", "en"),
        ("Tiếng Việt được không", "vi"),
        ("tieng viet", "vi"),
        ("请用中文回答", "zh"),
        ("한국어로 해주세요", "ko"),
        ("ＥＮＧＬＩＳＨ", "en"),
        ("change the language", None),
        ("DXポリシーの期間は？", None),
    ],
)
def test_requested_language(text: str, language: Optional[str]) -> None:
    assert requested_language(text) == language
