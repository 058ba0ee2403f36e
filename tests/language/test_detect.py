"""Language detection: sure answers for real questions, none for ambiguous ones."""

from typing import Optional

import pytest

from bot.language.detect import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("DXポリシーの期間は？", "ja"),
        ("ぽりしーっていつまで", "ja"),
        ("When does the DX policy end?", "en"),
        ("What is the 愛荘町DXポリシー?", "en"),
        ("Hello", "en"),
        ("Qual é o período da política DX?", "pt"),
        ("qual e o periodo da politica dx", "pt"),
        ("vc pode me ajudar", "pt"),
        ("Obrigado", "pt"),
        # Unaccented Portuguese that lingua reads as Spanish: contractions decide.
        ("que horas sai o ultimo trem da estacao", "pt"),
        ("preciso do endereco do escritorio de dx", "pt"),
        ("o ponto do onibus fica perto da prefeitura", "pt"),
        ("explica pra mim o principio numero 2", "pt"),
        ("Chính sách DX kéo dài đến khi nào?", "vi"),
        ("chinh sach DX keo dai den khi nao", "vi"),
        ("van phong mo cua may gio", "vi"),
        ("xin chao", "vi"),
        # Unaccented Vietnamese with everyday words (tax, papers, schedule).
        ("nop thue o dau vay ad", "vi"),
        ("can giay to gi de gia han", "vi"),
        ("DX政策的期限是什么时候？", "zh"),
        ("电话号码", "zh"),
        ("DX 정책 기간은 언제까지예요?", "ko"),
        ("안녕하세요", "ko"),
    ],
)
def test_detects_the_supported_languages(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize(
    "text",
    ["", "   ", "ok", "OK!", "?", "？？", "DX", "DX policy", "123", "0749-42-7680", "🙂🙂🙂",
     "電話番号", "愛荘町DX推進室", "https://www.town.aisho.shiga.jp"],
)  # fmt: skip
def test_short_or_ambiguous_messages_are_not_decided(text: str) -> None:
    detection = detect_language(text)
    assert detection.language is None
    assert detection.unsupported is None


@pytest.mark.parametrize(
    ("text", "unsupported"),
    [
        ("¿Cuál es el período de la política DX?", "es"),
        ("Quiero saber el horario de la oficina", "es"),
        ("¿Dónde está la estación del tren?", "es"),
        ("Bonjour, quelle est la politique DX?", "fr"),
        ("Wie lange gilt die DX-Politik?", "de"),
        ("Ano ang oras ng opisina?", "tl"),
        ("Apa itu kebijakan DX?", "id"),
        ("Привет, как дела?", "cyrillic"),
        ("สวัสดีครับ", "thai"),
    ],
)
def test_recognises_unsupported_languages(text: str, unsupported: Optional[str]) -> None:
    detection = detect_language(text)
    assert detection.language is None
    assert detection.unsupported == unsupported


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("<script>alert('x')</script>DXポリシーとは？", "ja"),
        ("<b>onclick=run()</b> DXポリシーの期間は？", "ja"),
        ("https://www.town.aisho.shiga.jp/soshiki/keiei/ 問い合わせ先は？", "ja"),
        ("DXポリシー(期間)は?", "ja"),
        ("<p>What is the DX policy?</p>", "en"),
    ],
)
def test_markup_addresses_and_code_do_not_decide_the_language(text: str, language: str) -> None:
    assert detect_language(text).language == language


@pytest.mark.parametrize("text", ["<script>alert('x')</script>", "https://example.com/a?b=c"])
def test_markup_alone_is_not_a_language(text: str) -> None:
    assert detect_language(text).language is None
