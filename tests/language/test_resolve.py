"""Explicit choice beats detection, detection beats the channel's preference."""

from bot.language.resolve import LanguageState, resolve_language

START = LanguageState()


def test_starts_in_japanese() -> None:
    assert resolve_language(START) == LanguageState("ja", "default")


def test_channel_preference_applies_until_something_better_is_known() -> None:
    state = resolve_language(START, preferred="pt")
    assert state == LanguageState("pt", "channel")
    assert resolve_language(state, detected="en") == LanguageState("en", "detected")


def test_detection_is_kept_through_ambiguous_messages() -> None:
    state = resolve_language(START, detected="vi")
    assert resolve_language(state) == state  # "ok", "?", "DX": nothing detected
    assert resolve_language(state, preferred="en") == state


def test_explicit_choice_wins_and_is_kept() -> None:
    state = resolve_language(START, detected="en")
    state = resolve_language(state, chosen="easy_ja", detected="ja")
    assert state == LanguageState("easy_ja", "explicit")
    assert resolve_language(state, detected="en", preferred="pt") == state
    assert resolve_language(state, chosen="ko") == LanguageState("ko", "explicit")


def test_japanese_text_keeps_easy_japanese_answers() -> None:
    state = LanguageState("easy_ja", "detected")
    assert resolve_language(state, detected="ja") == state
    assert resolve_language(state, detected="en") == LanguageState("en", "detected")


def test_japanese_text_from_an_easy_japanese_widget_is_answered_in_easy_japanese() -> None:
    """The website sends the language chosen in its menu; a resident reading easy
    Japanese there still writes ordinary Japanese."""
    assert resolve_language(START, detected="ja", preferred="easy_ja") == LanguageState(
        "easy_ja", "detected"
    )
    assert resolve_language(START, detected="en", preferred="easy_ja") == LanguageState(
        "en", "detected"
    )
