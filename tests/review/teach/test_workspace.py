"""The training workspace: answer edits in the copied responses, staff examples in
the reviewed files, the repository untouched, Rasa able to read it all."""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from pathlib import Path
from typing import Dict

import pytest
import yaml
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.loading import load_data

from bot.review.models import NewQuestion
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.review.teach.workspace import ReviewedExample, dump_yaml, write_training_workspace
from tests.review.conftest import REPO_ROOT as ROOT

EDITED = "Call {phone} on weekdays.\nWe are glad to help: {mail_form_url}"


def repo_hashes() -> Dict[str, str]:
    files = [*sorted((ROOT / "data").rglob("*")), ROOT / "domain.yml"]
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files if path.is_file()
    }


def teach(store: ReviewStore) -> None:
    store.save_answer_edit("utter_contact_details", "en", EDITED, staff="sato")
    store.save_answer_edit("utter_greet", "ja", "こんにちは！", staff="sato")
    store.save_answer_edit("utter_greet", "ja", None, staff="sato")  # back to the original
    question = store.capture(
        NewQuestion("窓口って土曜もあいてる？", "socketio", "ja", "fallback", "resident-1")
    )
    store.assign_topic([question], "ask_office_hours", staff="sato")
    store.add_taught_example("ask_contact", "en", "whats the dx office fax", staff="kato")
    gone = store.add_taught_example("ask_contact", "en", "removed example", staff="kato")
    store.remove_taught_example(gone.id, staff="kato")
    store.add_taught_example("ask_contact", "ja", "電話番号", staff="kato")  # already hand-written


def test_workspace_holds_the_teaching_and_rasa_reads_it(
    repo_settings: ReviewSettings, repo_store: ReviewStore, tmp_path: Path
) -> None:
    before = repo_hashes()
    teach(repo_store)
    started = time.monotonic()
    inputs = write_training_workspace(repo_store, repo_settings, tmp_path / "ws")
    assert time.monotonic() - started < 2
    assert repo_hashes() == before

    assert [(e.response, e.language) for e in inputs.answer_edits] == [
        ("utter_contact_details", "en")
    ]
    assert set(inputs.reviewed) >= {
        ReviewedExample("窓口って土曜もあいてる?", "ask_office_hours", "ja"),
        ReviewedExample("whats the dx office fax", "ask_contact", "en"),
        ReviewedExample("電話番号", "ask_contact", "ja"),
    }
    assert all(e.text != "removed example" for e in inputs.reviewed)

    importer = TrainingDataImporter.load_from_config(
        config_path=str(ROOT / "config.yml"),
        domain_path=str(inputs.domain_file),
        training_data_paths=[str(inputs.data_dir)],
    )
    responses = importer.get_domain().responses
    variants = responses["utter_contact_details"]
    english = [v for v in variants if (v.get("condition") or [{}])[0].get("value") == "en"]
    assert english[0]["text"] == EDITED
    assert english[0]["buttons"][0]["payload"] == "{phone_uri}"
    japanese = [v for v in variants if not v.get("condition")][0]
    assert "{office_name}" in japanese["text"]
    assert len(variants) == 7

    en = load_data(str(inputs.data_dir / "nlu" / "reviewed" / "en.yml")).intent_examples
    assert {(m.get("text"), m.get("intent")) for m in en} == {
        ("whats the dx office fax", "ask_contact")
    }
    ja = load_data(str(inputs.data_dir / "nlu" / "reviewed" / "ja.yml")).intent_examples
    assert {(m.get("text"), m.get("intent")) for m in ja} == {
        ("窓口って土曜もあいてる?", "ask_office_hours")
    }


def test_digest_is_stable_and_follows_the_inputs(
    repo_settings: ReviewSettings, repo_store: ReviewStore, tmp_path: Path
) -> None:
    teach(repo_store)
    first = write_training_workspace(repo_store, repo_settings, tmp_path / "a")
    second = write_training_workspace(repo_store, repo_settings, tmp_path / "b")
    again = write_training_workspace(repo_store, repo_settings, tmp_path / "a")
    assert first.digest == second.digest == again.digest
    repo_store.add_taught_example("ask_contact", "en", "office email address?", staff="kato")
    assert (
        write_training_workspace(repo_store, repo_settings, tmp_path / "a").digest != first.digest
    )


def test_the_edited_file_stays_readable_block_yaml(
    repo_settings: ReviewSettings, repo_store: ReviewStore, tmp_path: Path
) -> None:
    repo_store.save_answer_edit(
        "utter_contact_details", "ja", "電話：{phone}\n窓口へどうぞ", staff="s"
    )
    inputs = write_training_workspace(repo_store, repo_settings, tmp_path / "ws")
    text = (inputs.data_dir / "responses" / "contact_office.yml").read_text(encoding="utf-8")
    assert "電話：{phone}\n      窓口へどうぞ" in text or "電話：{phone}\n    窓口へどうぞ" in text
    assert yaml.safe_load(text)["version"] == "3.1"


@pytest.mark.parametrize(
    "text",
    [
        "key: value",
        "- not a list\n# not a comment",
        "'quoted' and \"double\"",
        "  leading blanks\nand: {phone}",
        "trailing colon:",
        "@at | pipe > more",
        "yes",
        "１２３",
    ],
)
def test_any_accepted_text_survives_the_yaml(text: str) -> None:
    content = {"responses": {"utter_x": [{"text": text, "buttons": [{"payload": "{phone_uri}"}]}]}}
    assert yaml.safe_load(dump_yaml(content)) == content


def test_the_repositorys_reviewed_files_are_kept(
    repo_settings: ReviewSettings, repo_store: ReviewStore, tmp_path: Path
) -> None:
    reviewed = tmp_path / "reviewed"
    reviewed.mkdir()
    (reviewed / "en.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_contact\n  examples: |\n    - dx office mail?\n',
        encoding="utf-8",
    )
    settings = replace(repo_settings, export_dir=reviewed)
    inputs = write_training_workspace(repo_store, settings, tmp_path / "ws")
    assert ReviewedExample("dx office mail?", "ask_contact", "en") in inputs.reviewed
    written = load_data(str(inputs.data_dir / "nlu" / "reviewed" / "en.yml")).intent_examples
    assert [(m.get("text"), m.get("intent")) for m in written] == [
        ("dx office mail?", "ask_contact")
    ]
