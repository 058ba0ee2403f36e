"""Answer edits, taught examples and the change log on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect

from bot.review.settings import ReviewSettings
from bot.review.storage.migrations import current_version, migrate
from bot.review.storage.store import ReviewStore
from bot.stores.sql_env import create_sql_engine
from tests.review.conftest import FakeClock


def test_migration_5_adds_the_teaching_tables_to_a_version_4_database(
    settings: ReviewSettings,
) -> None:
    engine = create_sql_engine(settings.db_url)
    try:
        assert migrate(engine, target=4) == 4
        assert not inspect(engine).has_table("review_answer_edits")
        assert migrate(engine) >= 5
        tables = set(inspect(engine).get_table_names())
        assert {"review_answer_edits", "review_taught_examples", "review_change_log"} <= tables
        assert current_version(engine) >= 5
    finally:
        engine.dispose()


def test_the_newest_edit_is_the_current_text_and_a_revert_clears_it(
    store: ReviewStore, clock: FakeClock
) -> None:
    store.save_answer_edit("utter_greet", "en", "Hello!", staff="sato", previous="Hi.")
    clock.advance(minutes=1)
    store.save_answer_edit("utter_greet", "en", "Hello there!", staff="kato", previous="Hello!")
    store.save_answer_edit("utter_greet", "ja", "こんにちは！", staff="sato")
    current = {(e.response, e.language): e for e in store.current_answer_edits()}
    assert current[("utter_greet", "en")].text == "Hello there!"
    assert current[("utter_greet", "en")].edited_by == "kato"
    assert current[("utter_greet", "en")].edited_at == clock.now
    clock.advance(minutes=1)
    store.save_answer_edit("utter_greet", "en", None, staff="sato", previous="Hello there!")
    assert [(e.response, e.language) for e in store.current_answer_edits()] == [
        ("utter_greet", "ja")
    ]
    history = store.answer_edits()
    assert [e.text for e in history] == [None, "こんにちは！", "Hello there!", "Hello!"]
    assert len(store.answer_edits(since=clock.now - timedelta(seconds=30))) == 1


def test_every_change_is_in_the_change_log(store: ReviewStore, clock: FakeClock) -> None:
    store.save_answer_edit("utter_greet", "en", "Hello!", staff="sato", previous="Hi.")
    clock.advance(minutes=1)
    example = store.add_taught_example("ask_contact", "ja", "役場の電話番号", staff="kato")
    clock.advance(minutes=1)
    removed = store.remove_taught_example(example.id, staff="sato")
    clock.advance(minutes=1)
    store.log_change("system", "published", "model-1", "学習して反映")
    log = store.change_log()
    assert [(c.staff, c.action, c.subject, c.detail) for c in log] == [
        ("system", "published", "model-1", "学習して反映"),
        ("sato", "example_removed", "ask_contact:ja", "役場の電話番号"),
        ("kato", "example_added", "ask_contact:ja", "役場の電話番号"),
        ("sato", "answer_edited", "utter_greet:en", "Hi. → Hello!"),
    ]
    assert log[0].at == clock.now
    assert len(store.change_log(limit=2)) == 2
    assert len(store.change_log(since=clock.now - timedelta(seconds=90))) == 2
    assert removed is not None and removed.removed_by == "sato"
    assert store.remove_taught_example(example.id, staff="sato") is None
    assert store.remove_taught_example(999, staff="sato") is None


def test_taught_examples_by_topic_and_removal(store: ReviewStore, clock: FakeClock) -> None:
    first = store.add_taught_example("ask_contact", "ja", "電話番号は？", staff="kato")
    clock.advance(minutes=1)
    second = store.add_taught_example("ask_office_hours", "en", "opening hours?", staff="kato")
    clock.advance(minutes=1)
    store.remove_taught_example(first.id, staff="sato")
    assert [e.id for e in store.taught_examples()] == [second.id]
    assert [e.id for e in store.taught_examples(topic="ask_contact")] == []
    every = store.taught_examples(include_removed=True)
    assert [e.id for e in every] == [first.id, second.id]
    assert every[0].removed_at == clock.now and every[0].removed_by == "sato"
    since = clock.now - timedelta(seconds=30)
    assert [e.id for e in store.taught_examples(include_removed=True, since=since)] == [first.id]


def test_assigned_questions_exported_or_not(store: ReviewStore, clock: FakeClock) -> None:
    from tests.review.test_store import question

    one = store.capture(question("ごみの日は？", sender_id="a"))
    two = store.capture(question("駐車場は？", sender_id="b"))
    store.assign_topic([one], "ask_contact", staff="sato")
    store.mark_exported([one])
    clock.advance(minutes=1)
    store.assign_topic([two], "ask_office_hours", staff="sato")
    assert [q.id for q in store.assigned_questions()] == [one, two]
    assert [q.id for q in store.assigned_questions(since=clock.now - timedelta(seconds=1))] == [two]
