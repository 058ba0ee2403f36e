"""Furigana segments: readings on kanji only, each word read once, the text otherwise unchanged."""

from __future__ import annotations

import re
from typing import List, Tuple

import pytest

from bot.web.furigana import (
    Segment,
    SudachiFurigana,
    align_reading,
    furigana_segments,
    is_kanji,
    to_hiragana,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("キカン", "きかん"),
        ("ヴァイオリン", "ゔぁいおりん"),
        ("ケーキ", "けーき"),
        ("DX推進", "DX推進"),
        ("", ""),
    ],
)
def test_to_hiragana(text: str, expected: str) -> None:
    assert to_hiragana(text) == expected


@pytest.mark.parametrize(
    ("char", "expected"),
    [("期", True), ("々", True), ("ヶ", True), ("𠮷", True), ("き", False), ("カ", False)]
    + [("A", False), ("１", False), ("、", False)],
)
def test_is_kanji(char: str, expected: bool) -> None:
    assert is_kanji(char) is expected


@pytest.mark.parametrize(
    ("surface", "reading", "expected"),
    [
        ("期間", "きかん", [{"text": "期間", "reading": "きかん"}]),
        ("進める", "すすめる", [{"text": "進", "reading": "すす"}, {"text": "める"}]),
        (
            "問い合わせ",
            "といあわせ",
            [
                {"text": "問", "reading": "と"},
                {"text": "い"},
                {"text": "合", "reading": "あ"},
                {"text": "わせ"},
            ],
        ),
        (
            "お知らせ",
            "おしらせ",
            [{"text": "お"}, {"text": "知", "reading": "し"}, {"text": "らせ"}],
        ),
        ("人々", "ひとびと", [{"text": "人々", "reading": "ひとびと"}]),
        # The kana do not line up (an irregular reading): the whole word gets it.
        ("第1回", "だいいっかい", [{"text": "第1回", "reading": "だいいっかい"}]),
        # No kanji, no usable reading, or a reading that is itself kanji: no ruby.
        ("ポリシー", "ぽりしー", [{"text": "ポリシー"}]),
        ("愛荘", "", [{"text": "愛荘"}]),
        ("愛荘", "愛荘", [{"text": "愛荘"}]),
    ],
)
def test_align_reading(surface: str, reading: str, expected: List[Segment]) -> None:
    assert align_reading(surface, reading) == expected


@pytest.mark.parametrize(
    ("morphemes", "expected"),
    [
        (
            [("期間", "キカン"), ("は", "ハ"), ("？", "?")],
            [{"text": "期間", "reading": "きかん"}, {"text": "は？"}],
        ),
        (
            [("DX", "ディーエックス"), ("推進", "スイシン"), ("室", "シツ")],
            [
                {"text": "DX"},
                {"text": "推進", "reading": "すいしん"},
                {"text": "室", "reading": "しつ"},
            ],
        ),
        ([], []),
        ([("", "")], []),
    ],
)
def test_furigana_segments(morphemes: List[Tuple[str, str]], expected: List[Segment]) -> None:
    assert furigana_segments(morphemes) == expected


@pytest.fixture(scope="module")
def reader() -> SudachiFurigana:
    return SudachiFurigana()


@pytest.mark.parametrize(
    ("text", "ruby"),
    [
        ("ポリシーの期間は？", {"期間": "きかん"}),
        ("お問い合わせ先", {"問": "と", "合": "あ", "先": "さき"}),
        ("愛荘町の行革・DX推進室", {"愛荘町": "あいしょうちょう", "推進": "すいしん"}),
        ("デジタル技術を進める", {"技術": "ぎじゅつ", "進": "すす"}),
    ],
)
def test_sudachi_readings(reader: SudachiFurigana, text: str, ruby: dict) -> None:
    segments = reader.segments(text)
    readings = {segment["text"]: segment["reading"] for segment in segments if "reading" in segment}
    assert ruby.items() <= readings.items()


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "ポリシー",
        "ＤＸﾎﾟﾘｼｰの期間",
        "<script>alert('期間')</script>",
        "🙂 e\u0301 \u200b期間\u3000",
        "https://www.town.aisho.shiga.jp/ 令和5年度\n令和7年度",
        "期" * 2000,
    ],
)
def test_segments_give_back_the_text(reader: SudachiFurigana, text: str) -> None:
    segments = reader.segments(text)
    assert "".join(segment["text"] for segment in segments) == text
    for segment in segments:
        if "reading" in segment:
            assert any(is_kanji(char) for char in segment["text"])
            assert all("\u3041" <= char <= "\u309f" or char == "ー" for char in segment["reading"])


def test_a_slow_reading_does_not_hold_up_other_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sudachi runs beside the event loop: while one long text is read,
    the widget's other requests (here its configuration) are still answered."""
    import asyncio
    import threading

    from aiohttp.test_utils import TestClient, TestServer

    from bot.web.app import create_app
    from bot.web.settings import WebSettings
    from tests.web import aio

    release = threading.Event()

    def slow_segments(_: SudachiFurigana, text: str) -> list:
        release.wait(timeout=10)
        return [{"text": text}]

    monkeypatch.setattr(SudachiFurigana, "segments", slow_segments)

    async def run() -> list:
        finished: list = []
        app = create_app(WebSettings(rasa_url="http://127.0.0.1:9"))
        async with TestClient(TestServer(app)) as client:

            async def reading() -> None:
                response = await client.post("/api/furigana", json={"text": "愛荘町"})
                finished.append(("furigana", response.status))

            task = asyncio.ensure_future(reading())
            await asyncio.sleep(0.2)
            response = await client.get("/api/config")
            finished.append(("config", response.status))
            release.set()
            await task
        return finished

    assert aio.run(run()) == [("config", 200), ("furigana", 200)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "計画（けいかく）を 書（か）いて",
            [
                {"text": "計画", "reading": "けいかく"},
                {"text": "を "},
                {"text": "書", "reading": "か"},
                {"text": "いて"},
            ],
        ),
        ("7日（なのか）", [{"text": "7日", "reading": "なのか"}]),
        ("大(おお)きく", [{"text": "大", "reading": "おお"}, {"text": "きく"}]),
        # Brackets that explain or hold a date are text, not readings.
        ("しゅくじつ（やすみの ひ）", [{"text": "しゅくじつ（やすみの ひ）"}]),
        ("DX（ディーエックス）", [{"text": "DX（ディーエックス）"}]),
    ],
)
def test_readings_the_text_gives_become_ruby_without_brackets(
    reader: SudachiFurigana, text: str, expected: List[Segment]
) -> None:
    assert reader.segments(text) == expected


def _easy_japanese_answers() -> List[str]:
    from tests.domain_helpers import merged_domain

    return [
        str(variation["text"])
        for variations in merged_domain().responses.values()
        for variation in variations
        if any(
            condition.get("name") == "language" and condition.get("value") == "easy_ja"
            for condition in variation.get("condition") or []
        )
        and variation.get("text")
    ]


def test_no_easy_japanese_word_carries_two_readings(reader: SudachiFurigana) -> None:
    """With ふりがな on, a word shows its reading once: as ruby, not also in brackets."""
    answers = _easy_japanese_answers()
    assert len(answers) > 30
    bracketed_reading = re.compile(r"^[（(][\u3041-\u3096ー]+[）)]")
    for answer in answers:
        segments = reader.segments(answer)
        for index, segment in enumerate(segments):
            if "reading" not in segment:
                continue
            assert all(is_kanji(char) or char.isdigit() for char in segment["text"]), (
                f"a reading spreads over kana: {segment} in {answer!r}"
            )
            following = segments[index + 1]["text"] if index + 1 < len(segments) else ""
            assert not bracketed_reading.match(following), (
                f"{segment['text']} is read twice in {answer!r}"
            )
