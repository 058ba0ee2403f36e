"""Personal data is replaced by tokens; dates, times and the office's public numbers stay."""

from __future__ import annotations

import pytest

from bot.review.redact import ADDRESS, CARD, EMAIL, MYNUMBER, PHONE, Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Phones: landline, mobile, with or without separators, +81, full-width.
        ("電話は090-1234-5678です", f"電話は{PHONE}です"),
        ("09012345678に折り返して", f"{PHONE}に折り返して"),
        ("080 1234 5678", PHONE),
        ("０９０－１２３４－５６７８", PHONE),
        ("０７０ー１２３４ー５６７８まで", f"{PHONE}まで"),
        ("自宅 0749-12-3456", f"自宅 {PHONE}"),
        ("(0749)12-3456", PHONE),
        ("0749(12)3456", PHONE),
        ("（０７４９）１２－３４５６", PHONE),
        ("03-1234-5678", PHONE),
        ("0312345678", PHONE),
        ("+81 90 1234 5678", PHONE),
        ("+81-90-1234-5678", PHONE),
        ("＋８１９０１２３４５６７８", PHONE),
        ("0120-123-456", PHONE),
        # E-mail addresses.
        ("mail: taro.yamada+dx@example.co.jp まで", f"mail: {EMAIL} まで"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", EMAIL),
        # マイナンバー-like 12-digit numbers.
        ("番号は123456789012です", f"番号は{MYNUMBER}です"),
        ("1234 5678 9012", MYNUMBER),
        ("1234-5678-9012", MYNUMBER),
        ("１２３４　５６７８　９０１２", MYNUMBER),
        ("card 4111-1111-1111-1111", f"card {CARD}"),
        # Postal codes and street numbers.
        ("〒529-1234 愛荘町", f"{ADDRESS} 愛荘町"),
        ("〒5291234", ADDRESS),
        ("郵便番号は123-4567です", f"郵便番号は{ADDRESS}です"),
        ("愛荘町愛知川123番地に住んでいます", f"愛荘町愛知川{ADDRESS}に住んでいます"),
        ("長野1丁目2番3号", f"長野{ADDRESS}"),
        ("長野１丁目２番地", f"長野{ADDRESS}"),
        ("住所は市1-2-3です", f"住所は市{ADDRESS}です"),
        ("愛知川12-3の者です", f"愛知川{ADDRESS}の者です"),
        ("5番12号", ADDRESS),
        ("ハイツ201号室", f"ハイツ{ADDRESS}"),
        ("72番地", ADDRESS),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01に申請しました",
        "2024/3/1",
        "2024.03.01",
        "令和6年3月1日",
        "R6年度の予算",
        "3月1日から",
        "3/1の予定",
        "10:30に行きます",
        "8時30分から17時15分",
        "2023年度～2027年度の計画",
        "2023年度-2027年度",
        "ポリシーは2023年に策定",
        "0749の市外局番",
        "DX推進室の電話 0749-42-7680",
        "FAXは0749-42-6090",
        "+81-749-42-7680",
        "(0749)42-7680",
        "〒529-1380",
        "滋賀県愛知郡愛荘町愛知川72番地",
        "第1-2回の会議",
        "100-2000円の補助",
        "3つの基本方針",
        "スマホ教室は月2回",
        "2023 2024 2025 の比較",
        "ID 12345",
        "",
    ],
)
def test_no_false_positives(text: str) -> None:
    import unicodedata

    assert redact(text) == unicodedata.normalize("NFKC", text)


def test_public_numbers_come_from_the_contact_file() -> None:
    redactor = Redactor(public_numbers=["0749-99-0000"])
    assert redactor.redact("0749-99-0000 と 0749-42-7680") == f"0749-99-0000 と {PHONE}"


def test_several_kinds_in_one_message() -> None:
    text = "山田です。090-1111-2222かyamada@example.jpへ。〒529-1234 愛知川1-2-3"
    assert redact(text) == f"山田です。{PHONE}か{EMAIL}へ。{ADDRESS} 愛知川{ADDRESS}"
