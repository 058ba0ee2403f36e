"""Finds which language a resident asks for ("English please", 「やさしい日本語で」)."""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

from bot.language.codes import (
    CHINESE,
    EASY_JAPANESE,
    ENGLISH,
    JAPANESE,
    KOREAN,
    PORTUGUESE,
    VIETNAMESE,
)
from bot.nlp.normalize import fold_latin

# Names of each answer language in the supported languages, written lower
# case and without Latin diacritics. Easy Japanese comes first: its names
# contain the names of Japanese.
_LANGUAGE_NAMES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    (
        EASY_JAPANESE,
        (
            "やさしい日本語",
            "やさしいにほんご",
            "やさしい にほんご",
            "優しい日本語",
            "易しい日本語",
            "かんたんな日本語",
            "簡単な日本語",
            "かんたんなにほんご",
            "簡単な言葉",
            "かんたんなことば",
            "ひらがな",
            "easy japanese",
            "simple japanese",
            "plain japanese",
            "japones facil",
            "japones simples",
            "tieng nhat de",
            "tieng nhat don gian",
            "简单日语",
            "简单的日语",
            "简单日文",
            "简单一点的日语",
            "简单点的日语",
            "쉬운 일본어",
            "쉬운일본어",
        ),
    ),
    (
        JAPANESE,
        (
            "日本語",
            "にほんご",
            "nihongo",
            "japanese",
            "japones",
            "tieng nhat",
            "日语",
            "日文",
            "일본어",
        ),
    ),
    (ENGLISH, ("english", "英語", "えいご", "ingles", "tieng anh", "英语", "英文", "영어")),
    (
        PORTUGUESE,
        (
            "portuguese",
            "portugues",
            "ポルトガル語",
            "ぽるとがるご",
            "葡萄牙语",
            "葡萄牙文",
            "tieng bo dao nha",
            "포르투갈어",
        ),
    ),
    (
        VIETNAMESE,
        (
            "vietnamese",
            "vietnamita",
            "tieng viet",
            "ベトナム語",
            "べとなむご",
            "越南语",
            "越南文",
            "베트남어",
        ),
    ),
    (
        CHINESE,
        (
            "chinese",
            "chines",
            "中国語",
            "ちゅうごくご",
            "中文",
            "中国话",
            "汉语",
            "华语",
            "tieng trung",
            "tieng hoa",
            "중국어",
        ),
    ),
    (
        KOREAN,
        (
            "korean",
            "coreano",
            "韓国語",
            "かんこくご",
            "ハングル",
            "한국어",
            "한글",
            "韩语",
            "韩文",
            "朝鲜语",
            "tieng han",
        ),
    ),
)
_SPACES = re.compile(r"\s+")


def requested_language(text: str) -> Optional[str]:
    """Returns the answer language a message names, if any.

    When several are named (「日本語じゃなくて英語で」) the last one wins;
    a name inside a longer one (日本語 in やさしい日本語) does not count.

    Args:
        text: the resident's message.

    Returns:
        An answer language code, or None when no language is named.
    """
    folded = _SPACES.sub(" ", fold_latin(unicodedata.normalize("NFKC", text)).lower())
    found: List[Tuple[int, str]] = []
    covered: List[Tuple[int, int]] = []
    for language, names in _LANGUAGE_NAMES:
        for name in names:
            for match in re.finditer(re.escape(name), folded):
                start, end = match.span()
                if any(start >= left and end <= right for left, right in covered):
                    continue
                covered.append((start, end))
                found.append((start, language))
    return max(found)[1] if found else None
