"""The quality gate: at most one held-out question lost per language, and every
question staff taught answered with its topic; reasons in plain Japanese."""

from __future__ import annotations

from typing import Dict, List, Mapping, Sequence, Tuple

import pytest

from bot.intent.corpus import Example
from bot.review.publish.gate import (
    ALLOWED_DROP,
    HeldoutAnswers,
    TaughtExample,
    answer_heldout,
    check_taught,
    compare_heldout,
    run_gate,
)

QUESTIONS: Dict[str, List[Example]] = {
    "ja": [
        Example("ごみの日はいつですか", "ask_garbage_days", "ja"),
        Example("役場は何時まで", "ask_office_hours", "ja"),
        Example("今日の天気は？", "out_of_scope", "ja"),
    ],
    "en": [
        Example("When is garbage day?", "ask_garbage_days", "en"),
        Example("Office hours?", "ask_office_hours", "en"),
        Example("Where is the town hall?", "ask_contact", "en"),
        Example("Tell me a joke", "out_of_scope", "en"),
    ],
}
TITLES = {
    "ask_garbage_days": "ごみの収集日",
    "ask_office_hours": "開庁時間",
    "ask_contact": "問い合わせ先",
}


def answers(checksum: str, **right: Tuple[bool, ...]) -> HeldoutAnswers:
    return HeldoutAnswers(checksum=checksum, heldout_digest="d1", right=right)


LIVE = answers("live", ja=(True, True, True), en=(True, True, True, True))


def fake_predictor(table: Mapping[str, str]) -> FakePredict:
    return FakePredict(dict(table))


class FakePredict:
    """A model that answers from a table (unknown texts: nlu_fallback)."""

    def __init__(self, table: Dict[str, str]) -> None:
        self.table = table
        self.asked: List[List[str]] = []

    def __call__(self, texts: Sequence[str]) -> List[str]:
        self.asked.append(list(texts))
        return [self.table.get(text, "nlu_fallback") for text in texts]


def test_losing_one_question_in_a_language_passes() -> None:
    candidate = answers("new", ja=(True, True, True), en=(True, False, True, True))

    reasons, numbers = compare_heldout(LIVE, candidate, QUESTIONS)

    assert ALLOWED_DROP == 1
    assert reasons == []
    assert numbers["en"] == {"questions": 4, "live": 4, "candidate": 3}


def test_losing_two_questions_in_one_language_fails_naming_it_and_a_lost_question() -> None:
    candidate = answers("new", ja=(True, True, True), en=(True, False, False, True))

    reasons, numbers = compare_heldout(LIVE, candidate, QUESTIONS)

    assert len(reasons) == 1
    reason = reasons[0]
    assert reason.startswith("英語")
    assert "4問から2問" in reason
    assert "「Office hours?」" in reason and "「Where is the town hall?」" in reason
    assert "When is garbage day?" not in reason  # still answered right
    assert numbers["ja"] == {"questions": 3, "live": 3, "candidate": 3}


def test_one_lost_question_in_each_of_two_languages_passes() -> None:
    candidate = answers("new", ja=(True, False, True), en=(False, True, True, True))

    assert compare_heldout(LIVE, candidate, QUESTIONS)[0] == []


def test_improvements_pass_even_when_other_questions_are_lost() -> None:
    live = answers("live", ja=(False, False, True), en=(False, False, True, True))
    candidate = answers("new", ja=(True, True, False), en=(True, True, True, False))

    reasons, numbers = compare_heldout(live, candidate, QUESTIONS)

    assert reasons == []
    assert numbers["ja"]["candidate"] == 2 and numbers["en"]["candidate"] == 3


def test_heldout_answers_survive_the_json_round_trip() -> None:
    kept = answers("abc", ja=(True, False, True), en=(False, True, True, True))

    assert HeldoutAnswers.from_json(kept.to_json()) == kept


def test_answering_the_heldout_counts_in_scope_and_handed_over_questions() -> None:
    predict = fake_predictor(
        {
            "ごみの日はいつですか": "ask_garbage_days",
            "役場は何時まで": "ask_contact",  # wrong topic
            "今日の天気は？": "out_of_scope",  # handed to the office: right
            "When is garbage day?": "ask_garbage_days",
            "Office hours?": "ask_office_hours",
            "Where is the town hall?": "ask_contact",
            "Tell me a joke": "ask_contact",  # an out-of-scope question answered: wrong
        }
    )

    result = answer_heldout(predict, "abc", QUESTIONS, "d1")

    assert result.right == {"ja": (True, False, True), "en": (True, True, True, False)}
    assert (result.checksum, result.heldout_digest) == ("abc", "d1")


def test_a_taught_question_answered_with_another_topic_names_both_titles() -> None:
    taught = [TaughtExample("粗大ごみはいつ出せますか", "ask_garbage_days", "ja")]

    reasons, numbers = check_taught(
        fake_predictor({"粗大ごみはいつ出せますか": "ask_office_hours"}), taught, TITLES
    )

    assert numbers == {"checked": 1, "wrong": 1}
    (reason,) = reasons
    assert "「粗大ごみはいつ出せますか」" in reason and "（日本語）" in reason
    assert "「ごみの収集日」として答えるはず" in reason
    assert "「開庁時間」として答えました" in reason
    assert "ask_" not in reason


def test_a_taught_question_handed_to_the_office_says_it_was_not_answered() -> None:
    taught = [TaughtExample("When can I throw out sofas?", "ask_garbage_days", "en")]

    reasons, _ = check_taught(fake_predictor({}), taught, TITLES)  # nlu_fallback

    (reason,) = reasons
    assert "答えられず" in reason and "（英語）" in reason
    assert "nlu_fallback" not in reason


def test_taught_questions_answered_with_their_topic_pass() -> None:
    taught = [TaughtExample("粗大ごみ", "ask_garbage_days", "ja")]

    assert check_taught(fake_predictor({"粗大ごみ": "ask_garbage_days"}), taught, TITLES) == (
        [],
        {"checked": 1, "wrong": 0},
    )


def test_nothing_taught_asks_the_model_nothing() -> None:
    predict = fake_predictor({})

    assert check_taught(predict, [], TITLES) == ([], {"checked": 0, "wrong": 0})
    assert predict.asked == []


@pytest.mark.parametrize(
    ("candidate_right", "taught_intent", "passed", "count"),
    [
        ({"ja": (True, True, True), "en": (True, True, True, True)}, "ask_garbage_days", True, 0),
        ({"ja": (True, True, True), "en": (True, True, True, True)}, "ask_contact", False, 1),
        (
            {"ja": (False, False, True), "en": (True, True, True, True)},
            "ask_garbage_days",
            False,
            1,
        ),
        ({"ja": (False, False, True), "en": (True, True, True, True)}, "ask_contact", False, 2),
    ],
)
def test_the_gate_passes_only_when_both_rules_hold(
    candidate_right: Dict[str, Tuple[bool, ...]], taught_intent: str, passed: bool, count: int
) -> None:
    result = run_gate(
        candidate=HeldoutAnswers("new", "d1", candidate_right),
        live=LIVE,
        candidate_predict=fake_predictor({"粗大ごみ": taught_intent}),
        taught=[TaughtExample("粗大ごみ", "ask_garbage_days", "ja")],
        titles=TITLES,
        questions=QUESTIONS,
    )

    assert result.passed is passed
    assert len(result.reasons) == count
    assert result.report["taught"] == {
        "checked": 1,
        "wrong": int(taught_intent != "ask_garbage_days"),
    }
    assert set(result.report["heldout"]) == {"ja", "en"}
