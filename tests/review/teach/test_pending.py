"""What the 「学習して反映」 page lists as not yet learned by the live model."""

from __future__ import annotations

from bot.review.models import NewQuestion
from bot.review.storage.store import ReviewStore
from bot.review.teach.pending import (
    KIND_ANSWER_EDITED,
    KIND_ANSWER_REVERTED,
    KIND_ASSIGNED,
    KIND_EXAMPLE_ADDED,
    KIND_EXAMPLE_REMOVED,
    pending_changes,
)
from tests.review.conftest import FakeClock
from tests.web.staff.plain_words import engineering_words


def test_changes_after_the_model_newest_first_in_plain_japanese(
    repo_store: ReviewStore, clock: FakeClock
) -> None:
    repo_store.add_taught_example("ask_contact", "en", "old example", staff="kato")
    clock.advance(minutes=1)
    trained_at = clock.now
    clock.advance(minutes=1)
    question = repo_store.capture(NewQuestion("土曜もあいてる？", "line", "ja", "fallback", "r1"))
    repo_store.assign_topic([question], "ask_office_hours", staff="sato")
    clock.advance(minutes=1)
    example = repo_store.add_taught_example("ask_contact", "en", "fax number?", staff="kato")
    clock.advance(minutes=1)
    repo_store.remove_taught_example(example.id, staff="sato")
    clock.advance(minutes=1)
    repo_store.save_answer_edit(
        "utter_office_closed_now", "en", "Closed. {next_opening}", staff="s"
    )
    clock.advance(minutes=1)
    repo_store.save_answer_edit("utter_dx_meaning", "vi", None, staff="sato")

    changes = pending_changes(repo_store, trained_at)
    assert [c.kind for c in changes] == [
        KIND_ANSWER_REVERTED,
        KIND_ANSWER_EDITED,
        KIND_EXAMPLE_REMOVED,
        KIND_EXAMPLE_ADDED,
        KIND_ASSIGNED,
    ]
    assert changes[0].description.endswith("（ベトナム語）を元の文面に戻しました")
    assert "の回答 5（英語）を修正しました：Closed. {next_opening}" in changes[1].description
    assert changes[2].staff == "sato" and "fax number?" in changes[2].description
    assert changes[4].description.startswith("質問を「")
    assert "（日本語）：土曜もあいてる?" in changes[4].description
    for change in changes:
        assert engineering_words(change.description) == [], change.description
    assert len(pending_changes(repo_store, None)) == 6
