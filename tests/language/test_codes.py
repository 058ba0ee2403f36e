"""Language tags from browsers and LINE profiles map onto answer languages."""

from typing import Optional

import pytest

from bot.language.codes import answer_language_for_tag


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("ja", "ja"), ("ja-JP", "ja"), ("en-US", "en"), ("en_GB", "en"), ("pt-BR", "pt"),
        ("vi", "vi"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("ko-KR", "ko"), ("easy_ja", "easy_ja"),
        ("es-ES", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_answer_language_for_tag(tag: Optional[str], language: Optional[str]) -> None:
    assert answer_language_for_tag(tag) == language
