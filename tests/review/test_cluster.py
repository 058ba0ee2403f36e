"""Ten ways of asking the same thing form one group with a count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import List, Sequence

import pytest

from bot.review.models import Candidate, NewQuestion, Question, QuestionFilter
from bot.review.storage.store import ReviewStore
from bot.review.triage.cluster import cluster_questions

BULKY_GARBAGE_JA = [
    "粗大ごみはいつ出せますか",
    "粗大ゴミの収集日を教えて",
    "そだいごみの日はいつ？",
    "粗大ごみを出したいんですが何曜日ですか",
    "粗大ごみの出し方を知りたい",
    "ソファを粗大ごみで捨てたい",
    "粗大ゴミって何曜日に回収してくれるの",
    "粗大ごみ収集の申し込み方法",
    "冷蔵庫以外の粗大ごみはどうやって出す？",
    "粗大ごみ　収集日",
]
PARKING_JA = [
    "役場に駐車場はありますか",
    "駐車場は無料ですか",
    "役場の駐車場の場所を教えて",
    "ちゅうしゃじょうはどこ",
    "駐車場何台とめられる？",
    "駐車場は土日も使えますか",
    "役場の駐車場は有料？",
    "駐車場の利用時間",
    "車はどこに駐車すればいい？",
    "チュウシャジョウある？",
]
GARBAGE_EN = [
    "When is bulky garbage collected?",
    "What day is garbage pickup?",
    "How do I dispose of large garbage?",
    "garbage collection schedule",
    "Which day should I put out the garbage?",
    "When do they collect the garbage?",
    "How to throw away a sofa as bulky garbage",
    "garbage day please",
    "garbage collection days in Aisho",
    "Can you tell me the garbage collection day?",
]
PARKING_EN = [
    "Is there parking at the town office?",
    "Where can I park my car?",
    "Is parking free?",
    "parking lot location",
    "How many parking spaces are there?",
    "Can I park on weekends?",
    "Do I have to pay for parking?",
    "where is the car park",
    "parking hours at the office",
    "Is there a parking area near the town hall?",
]
UNRELATED_JA = ["図書館の開館時間は", "住民票はどこで取れますか", "ワクチン接種の予約"]

START = datetime(2026, 11, 1, tzinfo=UTC)


def questions(*groups: tuple) -> List[Question]:
    made = []
    for language, texts in groups:
        for text in texts:
            index = len(made) + 1
            made.append(
                Question(
                    index,
                    START + timedelta(minutes=index),
                    "rest",
                    language,
                    text,
                    "fallback",
                    (Candidate("ask_contact", 0.2),),
                    "h",
                    "new",
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
    return made


def texts_of(cluster_ids: Sequence[int], all_questions: List[Question]) -> set:
    by_id = {q.id: q.text for q in all_questions}
    return {by_id[i] for i in cluster_ids}


def test_japanese_groups_with_easy_japanese_and_stay_apart_from_other_topics() -> None:
    asked = questions(("ja", BULKY_GARBAGE_JA), ("easy_ja", PARKING_JA), ("ja", UNRELATED_JA))
    clusters = cluster_questions(asked)
    assert [c.count for c in clusters[:2]] == [10, 10]
    groups = [texts_of(c.question_ids, asked) for c in clusters[:2]]
    assert set(BULKY_GARBAGE_JA) in groups and set(PARKING_JA) in groups
    assert all(c.count == 1 for c in clusters[2:])
    assert sum(c.count for c in clusters) == len(asked)


def test_english_groups() -> None:
    asked = questions(("en", GARBAGE_EN), ("en", PARKING_EN))
    clusters = cluster_questions(asked)
    groups = [texts_of(c.question_ids, asked) for c in clusters]
    assert groups[:2] == [set(PARKING_EN), set(GARBAGE_EN)] or groups[:2] == [
        set(GARBAGE_EN),
        set(PARKING_EN),
    ]
    assert len(clusters) == 2


def test_languages_are_never_mixed() -> None:
    asked = questions(("en", ["parking"]), ("pt", ["parking"]), ("ja", ["parking"]))
    assert len(cluster_questions(asked)) == 3


def test_cluster_fields() -> None:
    asked = questions(("ja", BULKY_GARBAGE_JA[:3]))
    (cluster,) = cluster_questions(asked)
    assert cluster.id == "c1"
    assert cluster.question_ids == (3, 2, 1)  # newest first
    assert cluster.latest_at == asked[2].created_at
    assert cluster.representative in asked
    assert cluster.top_candidates == (Candidate("ask_contact", 0.2),)
    assert cluster.languages == ("ja",)


@pytest.mark.parametrize("texts", [[], ["？"], ["a", "b"], ["[PHONE]", "[PHONE]"]])
def test_degenerate_input(texts: List[str]) -> None:
    asked = questions(("ja", texts))
    assert sum(c.count for c in cluster_questions(asked)) == len(texts)


def test_store_clusters_biggest_first(sqlite_store: ReviewStore) -> None:
    for text in PARKING_JA[:4] + BULKY_GARBAGE_JA[:2]:
        sqlite_store.capture(NewQuestion(text, "rest", "ja", "fallback", "r"))
    clusters = sqlite_store.clusters(QuestionFilter(status="new"))
    assert [c.count for c in clusters] == [4, 2]
