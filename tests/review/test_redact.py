"""Personal data is replaced by tokens; dates, times and the office's public numbers stay."""

from __future__ import annotations

import pytest

from bot.review.capture.redact import (
    ADDRESS,
    CARD,
    EMAIL,
    ID_NUMBER,
    MYNUMBER,
    NAME,
    PHONE,
    Redactor,
    redact,
)


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
        # Numbers in kanji.
        ("〇九〇一二三四五六七八", PHONE),
        ("電話は〇七四九一二三四五六です", f"電話は{PHONE}です"),
        ("零九〇一二三四五六七八", PHONE),
        ("愛知川七十二番地", f"愛知川{ADDRESS}"),
        ("長野一丁目二番三号", f"長野{ADDRESS}"),
        ("百五番地の二", f"{ADDRESS}"),
        ("三丁目", ADDRESS),
        # Digits with spaces between them.
        ("090  1234  5678", PHONE),
        ("0 9 0 1 2 3 4 5 6 7 8", PHONE),
        ("電話 0 7 4 9 1 2 3 4 5 6", f"電話 {PHONE}"),
        ("080\t1234\t5678", PHONE),
        ("1 2 3 4 5 6 7 8 9 0 1 2", MYNUMBER),
        # E-mail written around spam filters.
        ("taro＠example．com", EMAIL),
        ("taro @ example . com", EMAIL),
        ("taro(at)example.com", EMAIL),
        ("taro [at] example [dot] com", EMAIL),
        ("taro アットマーク example.com", EMAIL),
        ("taro at example dot com", EMAIL),
        ("ｙａｍａｄａ＠ｍａｉｌ．ｎｅ．ｊｐに", f"{EMAIL}に"),
        # Postal codes without 〒 or hyphen.
        ("5291234", ADDRESS),
        ("郵便番号5291234です", f"郵便番号{ADDRESS}です"),
        ("〒 529 1234", ADDRESS),
        # Account, insurance, passport and other numbers.
        ("口座番号 1234567", f"口座番号 {ID_NUMBER}"),
        ("口座は1234567です", f"口座は{ID_NUMBER}です"),
        ("保険証番号12345678", f"保険証番号{ID_NUMBER}"),
        ("被保険者番号: 12345678", f"被保険者番号: {ID_NUMBER}"),
        ("TK1234567", ID_NUMBER),
        ("パスポートはTK1234567", f"パスポートは{ID_NUMBER}"),
        ("Account number: 12345678", f"Account number: {ID_NUMBER}"),
        ("número da conta 1234567", f"número da conta {ID_NUMBER}"),
        ("số tài khoản 12345678", f"số tài khoản {ID_NUMBER}"),
        ("受給者番号は 0012345678", f"受給者番号は {ID_NUMBER}"),
        ("12345678901", ID_NUMBER),
        # A マイナンバー whose groups look like years.
        ("1999 2000 2001", MYNUMBER),
        ("マイナンバーは2023 2024 2025です", f"マイナンバーは{MYNUMBER}です"),
        # Names residents introduce themselves with.
        ("山田太郎です。DXについて", f"{NAME}です。DXについて"),
        ("名前は山田です", f"名前は{NAME}です"),
        ("氏名：佐藤花子", f"氏名:{NAME}"),
        ("私は田中です。", f"私は{NAME}です。"),
        ("わたしは やまだ です", f"わたしは {NAME} です"),
        ("佐藤と申します。", f"{NAME}と申します。"),
        ("こんにちは。鈴木一郎といいます", f"こんにちは。{NAME}といいます"),
        ("my name is John Smith", f"my name is {NAME}"),
        ("Hello, my name is Maria.", f"Hello, my name is {NAME}."),
        ("meu nome é Ana Souza", f"meu nome é {NAME}"),
        ("tên tôi là Lan", f"tên tôi là {NAME}"),
        ("我叫李明", f"我叫{NAME}"),
        ("제 이름은 김민수", f"제 이름은 {NAME}"),
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
        "2023年、2024年、2025年の比較",
        "2023, 2024, 2025 の比較",
        "ID 12345",
        "",
        "20231207に申請",
        "1000000円の補助",
        "人口は20000人",
        "期間です。",
        "問題です",
        "DXポリシーです",
        "愛荘町です",
        "行革・DX推進室です。",
        "第一章の内容",
        "一人ひとりに寄り添う",
        "5つの基本方針",
        "三つ目の方針",
        "at the office please",
        "Where is the office at?",
        "スマホ教室は10時から12時",
        "0749-42-7680 at the office",
        "5291380",
        "Windows 11 のパソコン",
        "ISO 27001",
        "令和五年度から",
        "2,500,000円",
        "3.14",
        "I am worried about my data",
        "私はDXに詳しくないです",
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
