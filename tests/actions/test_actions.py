"""Custom actions run against the real domain, as the action server runs them."""

from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_actions import ActionTellContact, ActionTellOfficeHours
from actions.policy_actions import ActionTellPolicyDocument, ActionTellPolicyPeriod
from actions.routing_actions import ActionRouteToOffice
from bot.language.codes import ANSWER_LANGUAGES
from bot.town.contact import load_contact
from bot.town.policy import load_policy_facts
from tests.domain_helpers import domain_dict, render


def make_tracker(
    intent: str,
    ranking: Optional[List[Dict[str, Any]]] = None,
    text: str = "質問です",
    language: str = "ja",
) -> Tracker:
    ranking = ranking or [{"name": intent, "confidence": 0.9}]
    latest = {"text": text, "intent": ranking[0] | {"name": intent}, "intent_ranking": ranking}
    return Tracker(
        sender_id="test-resident",
        slots={"language": language},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, domain_dict()))
    return dispatcher


def texts(dispatcher: CollectingDispatcher, language: str = "ja") -> List[str]:
    return [render(message, language) for message in dispatcher.messages]


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    return [message.get("response") for message in dispatcher.messages]


@pytest.fixture
def tuesday_morning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-11-24T10:00:00+09:00")


@pytest.fixture
def new_year_closure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-12-30T10:00:00+09:00")


def test_contact_gives_every_detail_from_the_town_file(tuesday_morning: None) -> None:
    shown = "\n".join(texts(run(ActionTellContact(), make_tracker("ask_contact"))))
    contact = load_contact()
    for value in (contact.office_name, contact.phone, contact.fax, contact.address):
        assert value in shown
    assert "〒529-1380" in shown
    assert "0749-42-7680" in shown
    assert "今は開いています" in shown
    assert "8時30分〜17時15分" in shown


def test_contact_during_the_new_year_closure_says_when_it_reopens(new_year_closure: None) -> None:
    shown = "\n".join(texts(run(ActionTellContact(), make_tracker("ask_contact"))))
    assert "今は受付時間外です" in shown
    assert "2027年1月4日（月）8時30分です" in shown


def test_office_hours_answer(tuesday_morning: None) -> None:
    dispatcher = run(ActionTellOfficeHours(), make_tracker("ask_office_hours"))
    assert responses(dispatcher) == ["utter_office_hours", "utter_office_open_now"]
    shown = "\n".join(texts(dispatcher))
    assert "月曜日〜金曜日の8時30分〜17時15分" in shown
    assert "年末年始（12月29日〜1月3日）" in shown


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("ja", "今日は祝日（勤労感謝の日）のため、お休みです。"),
        ("easy_ja", "しゅくじつ（きんろう かんしゃの ひ）なので"),
        ("en", "closed today for a national holiday (Labor Thanksgiving Day)"),
        ("pt", "feriado nacional (Dia de Ação de Graças pelo Trabalho)"),
        ("vi", "Hôm nay là ngày lễ (Ngày Cảm tạ Lao động)"),
        ("zh", "今天是日本法定节假日（勤劳感谢日）"),
        ("ko", "오늘은 공휴일(근로감사의 날)이라 휴무입니다."),
    ],
)
def test_a_holiday_says_which_holiday(
    monkeypatch: pytest.MonkeyPatch, language: str, reason: str
) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-11-23T10:00:00+09:00")  # 勤労感謝の日, a Monday
    tracker = make_tracker("ask_office_hours")
    tracker.slots["language"] = language
    dispatcher = run(ActionTellOfficeHours(), tracker)
    assert responses(dispatcher)[1:] == ["utter_office_closed_holiday", "utter_office_closed_now"]
    assert reason in "\n".join(render(message, language) for message in dispatcher.messages)


def test_the_office_is_closed_from_the_closing_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-11-24T17:15:40+09:00")  # Tuesday
    dispatcher = run(ActionTellOfficeHours(), make_tracker("ask_office_hours"))
    assert responses(dispatcher) == ["utter_office_hours", "utter_office_closed_now"]


def test_office_hours_late_evening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "2026-11-27T17:16:00+09:00")  # Friday
    shown = "\n".join(texts(run(ActionTellOfficeHours(), make_tracker("ask_office_hours"))))
    assert "次に開くのは11月30日（月）8時30分です" in shown


@pytest.mark.parametrize(
    "now",
    [
        "2026-11-24T07:00:00+09:00",  # opens later today
        "2026-11-27T17:16:00+09:00",  # Friday evening: opens on Monday
        "2026-11-24T18:00:00+09:00",  # opens tomorrow
        "2026-12-30T10:00:00+09:00",  # New Year closure: opens next year
    ],
)
def test_japanese_hours_have_no_half_width_spaces(
    monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    """「明日 12月7日（月） 8時30分 です」 reads as broken text: no ASCII space between words."""
    monkeypatch.setenv("BOT_NOW", now)
    for action, intent in (
        (ActionTellOfficeHours(), "ask_office_hours"),
        (ActionTellContact(), "ask_contact"),
    ):
        lines = "\n".join(texts(run(action, make_tracker(intent)))).splitlines()
        hours_lines = [line for line in lines if re.search(r"\d時", line)]
        assert hours_lines, lines
        for line in hours_lines:
            assert not re.search(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", line), line


@pytest.mark.parametrize("language", ANSWER_LANGUAGES)
@pytest.mark.parametrize(
    "now", ["2026-11-24T18:00:00+09:00", "2026-12-30T10:00:00+09:00", "2026-11-23T10:00:00+09:00"]
)
def test_spliced_dates_leave_no_doubled_punctuation(
    monkeypatch: pytest.MonkeyPatch, language: str, now: str
) -> None:
    """ "… at 8:30 a.m.." : a date phrase ending in a period must not get a second one."""
    monkeypatch.setenv("BOT_NOW", now)
    for action, intent in (
        (ActionTellOfficeHours(), "ask_office_hours"),
        (ActionTellContact(), "ask_contact"),
    ):
        shown = "\n".join(texts(run(action, make_tracker(intent, language=language)), language))
        assert not re.search(r"\.\.(?!\.)|。。|\.。|。\.", shown), shown


@pytest.mark.parametrize(
    ("now", "response"),
    [
        ("2026-11-23T10:00:00+09:00", "utter_policy_period_ended"),
        ("2026-04-01T00:00:00+09:00", "utter_policy_period_ended"),
        ("2026-03-31T23:59:00+09:00", "utter_policy_period_running"),
        ("2024-06-01T12:00:00+09:00", "utter_policy_period_running"),
    ],
)
def test_period_is_never_presented_as_running_after_it_ended(
    monkeypatch: pytest.MonkeyPatch, now: str, response: str
) -> None:
    monkeypatch.setenv("BOT_NOW", now)
    dispatcher = run(ActionTellPolicyPeriod(), make_tracker("ask_policy_period"))
    assert responses(dispatcher) == [response]
    assert "令和5年度から令和7年度まで" in texts(dispatcher)[0]


def test_document_answer_links_the_configured_page() -> None:
    shown = texts(run(ActionTellPolicyDocument(), make_tracker("ask_policy_document")))
    assert load_policy_facts().policy_page_url in shown[0]
    assert "ダウンロード" in shown[0]


def test_out_of_scope_is_routed_with_contact_and_status(tuesday_morning: None) -> None:
    dispatcher = run(ActionRouteToOffice(), make_tracker("out_of_scope", text="ゴミの日は？"))
    assert responses(dispatcher) == [
        "utter_cannot_answer",
        "utter_contact_details",
        "utter_office_open_now",
    ]
    assert "0749-42-7680" in "\n".join(texts(dispatcher))


def test_request_for_a_person_is_answered_honestly(new_year_closure: None) -> None:
    dispatcher = run(ActionRouteToOffice(), make_tracker("request_human"))
    assert responses(dispatcher) == [
        "utter_handoff_intro",
        "utter_contact_details",
        "utter_office_closed_year_end",
        "utter_office_closed_now",
    ]


def test_ambiguous_question_offers_likely_topics_first() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.55},
        {"name": "ask_principle_no_one_left_behind", "confidence": 0.42},
        {"name": "ask_digital_divide_support", "confidence": 0.40},
        {"name": "greet", "confidence": 0.02},
    ]
    dispatcher = run(ActionRouteToOffice(), make_tracker("nlu_fallback", ranking))
    assert responses(dispatcher) == ["utter_suggest_topics"]
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        "/ask_principle_no_one_left_behind",
        "/ask_digital_divide_support",
        "/deny",
    ]


def test_unclear_question_without_candidates_goes_to_the_office(tuesday_morning: None) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.55},
        {"name": "ask_ooda_loop", "confidence": 0.12},
        {"name": "greet", "confidence": 0.1},
    ]
    dispatcher = run(ActionRouteToOffice(), make_tracker("nlu_fallback", ranking))
    assert responses(dispatcher)[0] == "utter_cannot_answer"
    assert "utter_contact_details" in responses(dispatcher)


def test_broken_contact_file_still_answers_politely(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, tuesday_morning: None
) -> None:
    (tmp_path / "contact.yml").write_text("office_name: only a name\n", encoding="utf-8")
    monkeypatch.setenv("TOWN_DIR", str(tmp_path))
    dispatcher = run(ActionRouteToOffice(), make_tracker("out_of_scope"))
    assert responses(dispatcher) == ["utter_cannot_answer"]


def test_invalid_bot_now_falls_back_to_the_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_NOW", "next tuesday")
    dispatcher = run(ActionTellOfficeHours(), make_tracker("ask_office_hours"))
    assert responses(dispatcher)[0] == "utter_office_hours"
    assert len(dispatcher.messages) == 2


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "？", "🙂🙂🙂", "。。。"])
def test_blank_message_is_asked_to_type_a_question(text: str) -> None:
    dispatcher = run(ActionRouteToOffice(), make_tracker("nlu_fallback", text=text))
    assert responses(dispatcher) == ["utter_ask_for_question"]
