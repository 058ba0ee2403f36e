"""Reviewed questions become valid Rasa training data, never duplicating the
training data or the held-out questions."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.review.export import export_reviewed, preview_export
from bot.review.models import NewQuestion
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from tests.review.conftest import FakeClock

TRAINING = """version: "3.1"
nlu:
- intent: ask_contact
  examples: |
    - 問い合わせ先は？
    - [電話番号](contact_kind)を教えて
"""
HELDOUT = """version: "3.1"
nlu:
- intent: ask_contact
  examples: |
    - 推進室に電話したいときは何番？
"""


def setup_data(settings: ReviewSettings) -> None:
    settings.nlu_dir.mkdir(parents=True)
    (settings.nlu_dir / "contact_office.yml").write_text(TRAINING, encoding="utf-8")
    settings.heldout_dir.mkdir(parents=True)
    (settings.heldout_dir / "ja.yml").write_text(HELDOUT, encoding="utf-8")


def assign(store: ReviewStore, text: str, topic: str, language: str = "ja") -> int:
    question_id = store.capture(NewQuestion(text, "rest", language, "fallback", "r"))
    store.assign_topic([question_id], topic, staff="sato")
    return question_id


TRICKY = [
    "住所: 愛荘町 # 何番地?",
    "- ダッシュで始まる質問",
    "[PHONE](携帯)に電話していい?",
    "'quoted' and \"double\" {braces}",
    "いつまで? & *star* | pipe > gt",
]


def test_export_writes_valid_rasa_yaml_under_the_right_intents(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings
) -> None:
    setup_data(sqlite_settings)
    for text in TRICKY:
        assign(sqlite_store, text, "ask_contact")
    assign(sqlite_store, "窓口は何時まで開いてる？", "ask_office_hours", language="easy_ja")
    assign(sqlite_store, "Who do I call about DX?", "ask_contact", language="en")
    result = export_reviewed(sqlite_store, sqlite_settings)
    export_dir = sqlite_settings.export_dir
    assert sorted(p.name for p in result.files) == ["en.yml", "ja.yml"]
    assert result.added == 7 and result.skipped == 0
    data = load_data(str(export_dir / "ja.yml"))
    by_intent: dict = {}
    for message in data.intent_examples:
        by_intent.setdefault(message.get("intent"), []).append(message.get("text"))
    assert by_intent["ask_office_hours"] == ["窓口は何時まで開いてる?"]  # NFKC
    assert len(by_intent["ask_contact"]) == 5
    assert "住所: 愛荘町 # 何番地?" in by_intent["ask_contact"]
    assert "- ダッシュで始まる質問" in by_intent["ask_contact"]
    assert not data.entity_examples  # "[PHONE](携帯)" is not read as an entity
    content = yaml.safe_load((export_dir / "ja.yml").read_text(encoding="utf-8"))
    assert content["version"] == "3.1"
    assert [item["intent"] for item in content["nlu"]] == ["ask_contact", "ask_office_hours"]
    english = load_data(str(export_dir / "en.yml"))
    assert [m.get("text") for m in english.intent_examples] == ["Who do I call about DX?"]


def test_export_merges_is_deterministic_and_marks_questions(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings, clock: FakeClock
) -> None:
    setup_data(sqlite_settings)
    first = assign(sqlite_store, "DXの窓口どこ", "ask_contact")
    export_reviewed(sqlite_store, sqlite_settings)
    path = sqlite_settings.export_dir / "ja.yml"
    before = path.read_text(encoding="utf-8")
    stored = sqlite_store.get_question(first)
    assert stored is not None and stored.exported_at == clock.now
    again = export_reviewed(sqlite_store, sqlite_settings)
    assert again.added == 0 and path.read_text(encoding="utf-8") == before
    assign(sqlite_store, "AIってどう使うの", "ask_ai_automation")
    export_reviewed(sqlite_store, sqlite_settings)
    examples = load_data(str(path)).intent_examples
    assert sorted(m.get("text") for m in examples) == ["AIってどう使うの", "DXの窓口どこ"]


def test_training_and_heldout_texts_are_skipped(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings
) -> None:
    setup_data(sqlite_settings)
    assign(sqlite_store, "問い合わせ先は?", "ask_contact")  # NFKC-equal to training
    assign(sqlite_store, "電話番号を教えて", "ask_contact")  # training with entity markup
    assign(sqlite_store, "推進室に電話したいときは何番?", "ask_contact")  # held-out
    assign(sqlite_store, "090-1234-5678", "ask_contact")  # nothing left after redaction
    preview = preview_export(sqlite_store, sqlite_settings)
    assert preview.new_examples == ()
    reasons = dict(preview.skipped)
    assert reasons["推進室に電話したいときは何番?"].startswith("held-out")
    assert reasons["問い合わせ先は?"] == "already in the training data"
    assert reasons["電話番号を教えて"] == "already in the training data"
    assert reasons["[PHONE]"].startswith("nothing left")
    result = export_reviewed(sqlite_store, sqlite_settings)
    assert (result.added, result.skipped, result.files) == (0, 4, ())


def test_preview_lists_new_examples_and_what_training_will_add(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings, clock: FakeClock
) -> None:
    setup_data(sqlite_settings)
    assign(sqlite_store, "DXの窓口どこ", "ask_contact")
    preview = preview_export(sqlite_store, sqlite_settings)
    assert preview.new_examples == (("ja", "ask_contact", "DXの窓口どこ"),)
    assert not (sqlite_settings.export_dir / "ja.yml").exists()  # preview writes nothing
    export_reviewed(sqlite_store, sqlite_settings)
    pending = preview_export(sqlite_store, sqlite_settings)
    assert pending.new_examples == ()
    assert pending.pending_training == (("ja", "ask_contact", "DXの窓口どこ"),)
    model = sqlite_settings.model_path
    model.parent.mkdir(parents=True)
    model.write_bytes(b"model")
    later = clock.now.timestamp() + 60
    os.utime(model, (later, later))  # trained after the export
    assert preview_export(sqlite_store, sqlite_settings).pending_training == ()


def test_reviewed_dir_is_not_counted_as_training_data(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings
) -> None:
    setup_data(sqlite_settings)
    export_dir: Path = sqlite_settings.export_dir
    export_dir.mkdir(parents=True)
    (export_dir / "ja.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_contact\n  examples: |\n    - 手で足した例\n',
        encoding="utf-8",
    )
    assign(sqlite_store, "手で足した例", "ask_contact")
    assign(sqlite_store, "別の例です", "ask_contact")
    result = export_reviewed(sqlite_store, sqlite_settings)
    assert (result.added, result.skipped) == (1, 0)
    texts = sorted(m.get("text") for m in load_data(str(export_dir / "ja.yml")).intent_examples)
    assert texts == ["別の例です", "手で足した例"]


def test_a_forged_language_never_becomes_a_file_name(
    sqlite_store: ReviewStore, sqlite_settings: ReviewSettings
) -> None:
    """A row whose language is a path (written before capture checked it, or
    straight into the database) is skipped; nothing is written outside the
    export folder."""
    from bot.review.storage import schema

    setup_data(sqlite_settings)
    question_id = assign(sqlite_store, "DXの相談窓口はどこ？", "ask_contact")
    with sqlite_store.engine.begin() as connection:
        connection.execute(
            schema.questions.update()
            .where(schema.questions.c.id == question_id)
            .values(language="../../../domain")
        )
    project = sqlite_settings.nlu_dir.parent.parent
    result = export_reviewed(sqlite_store, sqlite_settings)
    assert result.files == () and result.added == 0
    assert [reason for _, reason in result.skipped_texts] == [
        "unsupported language '../../../domain'"
    ]
    assert not (project / "domain.yml").exists()
    assert not list(project.rglob("*domain*"))


def test_capture_stores_only_supported_languages(sqlite_store: ReviewStore) -> None:
    question_id = sqlite_store.capture(
        NewQuestion("ゴミの日は？", "rest", "../../../domain", "fallback", "r")
    )
    question = sqlite_store.get_question(question_id)
    assert question is not None and question.language == "ja"
