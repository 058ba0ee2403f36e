"""Rasa messages -> LINE message objects within LINE's limits."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

from bot.channels.line_messages import (
    MAX_TEXT_UNITS,
    button_action,
    compose,
    label,
    merge_texts,
    quick_reply,
    split_text,
    to_line_messages,
    utf16_len,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", 1), ("あ", 1), ("\n", 1), ("邊", 1), ("𠀋", 2), ("👋", 2), ("👋🏻", 4), ("", 0)],
)
def test_length_is_counted_in_utf16_code_units_as_line_does(text: str, expected: int) -> None:
    assert utf16_len(text) == expected


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", []),
        ("期間は令和5年度から令和7年度まで", ["期間は令和5年度から令和7年度まで"]),
        ("あ" * MAX_TEXT_UNITS, ["あ" * MAX_TEXT_UNITS]),
        ("あ" * (MAX_TEXT_UNITS + 1), ["あ" * MAX_TEXT_UNITS, "あ"]),
        ("🙂" * 2501, ["🙂" * 2500, "🙂"]),  # 2 units each; never split inside a pair
        ("a" * 4000 + "\n" + "b" * 2000, ["a" * 4000, "b" * 2000]),  # cut at the line break
        ("a" * 1000 + "\n" + "b" * 6000, ["a" * 1000 + "\n" + "b" * 3999, "b" * 2001]),
    ],
    ids=["empty", "short", "exactly-5000", "5001", "emoji", "at-newline", "early-newline"],
)
def test_long_texts_are_split_at_5000_units(text: str, pieces: List[str]) -> None:
    assert split_text(text) == pieces
    assert all(utf16_len(piece) <= MAX_TEXT_UNITS for piece in pieces)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("問い合わせ先", "問い合わせ先"),
        ("あ" * 20, "あ" * 20),
        ("あ" * 21, "あ" * 19 + "…"),
        ("What does the DX policy cover?", "What does the DX po…"),
        ("  two\nlines  ", "two lines"),
    ],
)
def test_labels_are_cut_to_20_characters(title: str, expected: str) -> None:
    assert label(title) == expected
    assert len(label(title)) <= 20


@pytest.mark.parametrize(
    ("button", "action"),
    [
        (
            {"title": "基本方針", "payload": "/ask_basic_policies"},
            {
                "type": "postback",
                "label": "基本方針",
                "data": "/ask_basic_policies",
                "displayText": "基本方針",
            },
        ),
        (
            {"title": "English", "payload": '/choose_language{"language_choice": "en"}'},
            {
                "type": "postback",
                "label": "English",
                "data": '/choose_language{"language_choice": "en"}',
                "displayText": "English",
            },
        ),
        (
            {"title": "電話をかける", "payload": "tel:0749427680"},
            {"type": "uri", "label": "電話をかける", "uri": "tel:0749427680"},
        ),
        (
            {"title": "メールフォーム", "payload": "https://www.town.aisho.shiga.jp/form"},
            {
                "type": "uri",
                "label": "メールフォーム",
                "uri": "https://www.town.aisho.shiga.jp/form",
            },
        ),
        (
            {"title": "町のページ", "payload": "http://example.jp/"},
            {"type": "uri", "label": "町のページ", "uri": "http://example.jp/"},
        ),
        ({"title": "空", "payload": ""}, None),
        ({"title": "長すぎる", "payload": "/" + "x" * 300}, None),
    ],
    ids=["postback", "postback-json", "tel", "https", "http", "no-payload", "long-payload"],
)
def test_buttons_become_postback_or_uri_actions(
    button: Dict[str, str], action: Optional[Dict[str, Any]]
) -> None:
    assert button_action(button) == action


def test_quick_replies_keep_the_first_13_distinct_buttons() -> None:
    buttons = [{"title": f"話題{i}", "payload": f"/topic_{i}"} for i in range(20)]
    buttons.insert(1, {"title": "重複", "payload": "/topic_0"})
    quick = quick_reply(buttons)
    assert quick is not None
    assert [item["action"]["data"] for item in quick["items"]] == [f"/topic_{i}" for i in range(13)]
    assert all(item["type"] == "action" for item in quick["items"])
    assert quick_reply([]) is None


def test_rasa_messages_become_line_messages() -> None:
    parts = [
        {"text": "  期間は？  "},
        {"text": "   "},
        {"image": "https://example.jp/map.png"},
        {"image": "http://example.jp/map.png"},
        {"custom": {"line": {"type": "sticker", "packageId": "446", "stickerId": "1988"}}},
        {"custom": {"telegram": {"anything": 1}}},
    ]
    assert to_line_messages(parts) == [
        {"type": "text", "text": "期間は？"},
        {
            "type": "image",
            "originalContentUrl": "https://example.jp/map.png",
            "previewImageUrl": "https://example.jp/map.png",
        },
        {"type": "text", "text": "http://example.jp/map.png"},
        {"type": "sticker", "packageId": "446", "stickerId": "1988"},
    ]


def test_merging_joins_the_shortest_adjacent_texts_first() -> None:
    messages = [{"type": "text", "text": t} for t in ["長い長い段落", "a", "b", "c", "d", "e"]]
    merged = merge_texts(messages, 5)
    assert [m["text"] for m in merged] == ["長い長い段落", "a\n\nb", "c", "d", "e"]


def test_texts_too_long_to_merge_stay_apart() -> None:
    messages = [{"type": "text", "text": "あ" * 3000} for _ in range(6)]
    assert len(merge_texts(messages, 5)) == 6


def test_compose_puts_all_buttons_of_the_turn_on_the_last_message() -> None:
    parts = [
        {"text": "もしかして…", "buttons": [{"title": "期間", "payload": "/ask_policy_period"}]},
        {"text": "どれでもない場合は", "buttons": [{"title": "どれでもない", "payload": "/deny"}]},
    ]
    [batch] = compose(parts)
    assert "quickReply" not in batch[0]
    assert [item["action"]["data"] for item in batch[1]["quickReply"]["items"]] == [
        "/ask_policy_period",
        "/deny",
    ]


def test_compose_of_nothing_sends_nothing() -> None:
    assert compose([]) == []
    assert compose([{"text": ""}]) == []


def test_compose_splits_a_very_long_answer_into_at_most_five_messages_per_batch() -> None:
    batches = compose([{"text": "あ" * (MAX_TEXT_UNITS * 6)}])
    assert [len(batch) for batch in batches] == [5, 1]
