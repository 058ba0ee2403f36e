"""Korean words without their particles, for the lemma view.

Sudachi does not segment Korean: a space-separated word (eojeol) stays one
token, particle included, so 기간이, 기간은 and 기간 look like three words.
`korean_stem` removes one common trailing particle or copula ending, which
makes them share a word, as GiNZA's lemmas do for Japanese inflections.
"""

from __future__ import annotations

import re

_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
# Particles and copula endings, longest first so 에서 wins over 서.
_ENDINGS = tuple(
    sorted(
        "이 가 은 는 을 를 에 에서 에게 의 도 로 으로 와 과 랑 이랑 하고 요 예요 이에요 이예요 "
        "입니다 이야 야 까지 부터 만 인가요 인데 이나 나".split(),
        key=len,
        reverse=True,
    )
)


def korean_stem(word: str) -> str:
    """`word` without one trailing particle, when it is a Hangul word longer than it.

    Args:
        word: a token's text or lemma.

    Returns:
        The stem (기간이 -> 기간, 정책은 -> 정책); anything else unchanged.
    """
    if len(word) < 2 or not _HANGUL_WORD.match(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word
