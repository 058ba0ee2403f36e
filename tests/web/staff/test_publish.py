"""The 「学習して反映」 page: what changed, the train button (one run at a time),
the run's progress and verdict, the live model and rolling back."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.clock import utc_now
from bot.review.publish import runs
from bot.review.publish.files import ModelFiles, sha256_of
from bot.review.publish.releases import live_model, publish_run, record_pull
from bot.review.settings import ReviewSettings
from bot.review.storage.store import ReviewStore
from bot.web.staff import publish
from tests.web.staff import publish_states
from tests.web.staff.conftest import csrf_in, login, with_client
from tests.web.staff.plain_words import visible_text

ROLLBACK_FORM = 'action="/staff/publish/rollback"'


@pytest.fixture(autouse=True)
def topics() -> None:
    """The real topics (overrides the fake of conftest)."""


@pytest.fixture
def settings(tmp_path: Path) -> ReviewSettings:
    return publish_states.publish_settings(tmp_path)


@pytest.fixture
def real_store(settings: ReviewSettings) -> Iterator[ReviewStore]:
    opened = ReviewStore.open(settings)
    yield opened
    opened.close()


@pytest.fixture
def files(tmp_path: Path) -> ModelFiles:
    return publish_states.model_files(tmp_path)


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """The runs whose job the page started (no process is started)."""
    started: List[int] = []
    monkeypatch.setattr(publish, "spawn", lambda run_id, files: started.append(run_id))
    return started


@pytest.fixture
def app(real_store: ReviewStore, settings: ReviewSettings, files: ModelFiles) -> web.Application:
    return publish_states.publish_app(real_store, settings, files)


def page(app: web.Application, path: str = "/staff/publish") -> str:
    async def scenario(client: TestClient) -> str:
        assert (await login(client)).status == 303
        response = await client.get(path)
        assert response.status == 200
        return await response.text()

    return with_client(app, scenario)


async def _token(client: TestClient) -> str:
    assert (await login(client)).status == 303
    return csrf_in(await (await client.get("/staff/publish")).text())


async def _post(client: TestClient, path: str, token: str) -> Tuple[int, str, str]:
    response = await client.post(path, data={"csrf_token": token}, allow_redirects=False)
    return response.status, await response.text(), response.headers.get("Location", "")


def test_the_page_needs_a_login(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        response = await client.get("/staff/publish", allow_redirects=False)
        return response.status, response.headers.get("Location", "")

    status, location = with_client(app, scenario)
    assert status == 302 and location.startswith("/staff/login?next=/staff/publish")


def test_the_page_shows_the_live_model_instances_and_what_changed(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    real_store.add_taught_example("ask_contact", "ja", "役場の電話番号を教えて", staff="suzuki")
    record_pull(real_store.engine, "rasa-1:5005", live_model(real_store.engine, files).checksum)

    text = visible_text(page(app))

    assert "初期モデル" in text
    assert "1台が動いています" in text and "1台目はこのモデルで応答中" in text
    assert "前回の反映からの変更（1件）" in text
    assert "例文を追加しました：役場の電話番号を教えて" in text and "suzuki" in text
    assert "学習して反映する" in text


def test_without_instances_the_page_says_none_reported(app: web.Application) -> None:
    assert "動いているチャットボットの報告がまだありません" in visible_text(page(app))


def test_training_needs_the_csrf_token(
    app: web.Application, real_store: ReviewStore, spawned: List[int]
) -> None:
    async def scenario(client: TestClient) -> int:
        assert (await login(client)).status == 303
        return (await _post(client, "/staff/publish/train", "forged"))[0]

    assert with_client(app, scenario) == 403
    assert spawned == [] and runs.recent_runs(real_store.engine) == []


def test_training_starts_one_run_at_a_time(
    app: web.Application, real_store: ReviewStore, spawned: List[int]
) -> None:
    async def scenario(client: TestClient) -> Any:
        token = await _token(client)
        first = await _post(client, "/staff/publish/train", token)
        started_page = await (await client.get(first[2])).text()
        second = await _post(client, "/staff/publish/train", token)
        return first, started_page, second

    first, started_page, (status, text, _) = with_client(app, scenario)

    run_id = spawned[0]
    assert first[0] == 303 and first[2] == f"/staff/publish?run={run_id}&done=started"
    assert "学習を始めました" in visible_text(started_page)
    assert status == 409
    assert f"学習 #{run_id} を実行中です（staff さんが" in visible_text(text)
    assert spawned == [run_id]  # no second job
    assert len(runs.recent_runs(real_store.engine)) == 1
    entry = next(e for e in real_store.change_log() if e.action == "train")
    assert (entry.staff, entry.subject) == ("staff", f"学習 #{run_id}")


def test_a_going_run_hides_the_train_button_and_polls(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    path = publish_states.going(real_store, files)

    html = page(app, path)

    assert 'action="/staff/publish/train"' not in html
    assert 'data-run-url="/staff/publish/runs/1"' in html
    assert "いまの段階：学習" in re.sub(r"\s+", "", visible_text(html))


def test_the_run_progress_is_json_for_the_page_script(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    publish_states.going(real_store, files)

    async def scenario(client: TestClient) -> Any:
        assert (await login(client)).status == 303
        known = await client.get("/staff/publish/runs/1")
        unknown = await client.get("/staff/publish/runs/99")
        return known.status, await known.json(), unknown.status

    status, body, unknown = with_client(app, scenario)

    assert status == 200 and unknown == 404
    assert body["going"] is True and body["id"] == 1
    assert body["stage_label"] == "学習"
    assert isinstance(body["progress"], int) and 0 <= body["progress"] < 100


def test_the_run_progress_is_100_when_done(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    publish_states.refused(real_store, files)

    async def scenario(client: TestClient) -> Any:
        assert (await login(client)).status == 303
        return await (await client.get("/staff/publish/runs/1")).json()

    body = with_client(app, scenario)
    assert (body["going"], body["progress"], body["stage_label"]) == (False, 100, "完了")
    assert body["reasons"] == [publish_states.REASON]


def test_a_refused_run_says_why_and_that_the_old_model_still_answers(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    html = page(app, publish_states.refused(real_store, files))

    alert = re.search(r'<div class="error" role="alert">(.*?)</div>', html, flags=re.S)
    assert alert is not None
    text = visible_text(alert.group(1))
    assert "今までのモデルが答えています" in text
    assert "「Office hours?」" in text
    assert "英語" in visible_text(html) and "15問" in visible_text(html)
    assert 'action="/staff/publish/train"' in html  # staff may try again


def test_a_failed_run_shows_its_error(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    """A run that never reached the gate has no gate numbers: the page still shows."""
    html = page(app, publish_states.failed(real_store, files))

    assert re.search(r'role="alert">学習に失敗しました。システム担当者に連絡してください', html)
    assert "確認用の質問に正しく答えた数" not in html


def test_a_run_interrupted_by_a_server_stop_shows_the_interruption(
    app: web.Application, real_store: ReviewStore
) -> None:
    stopped = runs.start_run(real_store.engine, "tanaka", now=utc_now() - timedelta(hours=1))

    text = visible_text(page(app))  # the page closes it; the newest run is shown by default

    assert runs.INTERRUPTED in text and f"学習 #{stopped.id}" in text
    assert "学習して反映する" in text


def test_a_published_run_says_so_and_counts_the_switched_instances(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    text = visible_text(page(app, publish_states.published(real_store, files)))

    assert "反映しました" in text
    assert "動いているチャットボット2台のうち1台が切り替わりました" in text
    assert "1台目はこのモデルで応答中" in text and "2台目は切り替え中" in text
    assert "学習 #1" in text


def test_the_rollback_button_needs_an_earlier_model(
    app: web.Application, real_store: ReviewStore, settings: ReviewSettings, files: ModelFiles
) -> None:
    assert ROLLBACK_FORM not in page(app)

    run_id = publish_states.passed_run(real_store, files, b"model A")
    publish_run(real_store.engine, files, run_id, "tanaka")
    html = page(publish_states.publish_app(real_store, settings, files))

    assert ROLLBACK_FORM in html
    assert "ひとつ前のモデル（初期モデル）に戻す" in visible_text(html)


def test_rolling_back_makes_the_earlier_model_live_and_is_logged(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    run_id = publish_states.passed_run(real_store, files, b"model A")
    publish_run(real_store.engine, files, run_id, "tanaka")

    async def scenario(client: TestClient) -> Any:
        token = await _token(client)
        status, _, location = await _post(client, "/staff/publish/rollback", token)
        after = await (await client.get(location)).text()
        again = await _post(client, "/staff/publish/rollback", token)
        return status, location, after, again

    status, location, after, (again_status, again_text, _) = with_client(app, scenario)

    assert status == 303 and location == "/staff/publish?done=rolled_back"
    live = live_model(real_store.engine, files)
    assert live.label == "初期モデル" and live.checksum == sha256_of(files.base_model)
    assert "ひとつ前のモデルに戻しました" in visible_text(after)
    assert ROLLBACK_FORM not in after
    entry = next(e for e in real_store.change_log() if e.action == "rollback")
    assert (entry.staff, entry.subject) == ("staff", "初期モデル")
    assert again_status == 409 and "前のモデルがないため、元に戻せません。" in again_text


def test_before_the_first_model_the_page_says_whom_to_ask(
    app: web.Application, files: ModelFiles
) -> None:
    files.base_model.unlink()  # nothing published, `make train` never ran

    text = visible_text(page(app))

    assert "最初のモデルがまだ作られていません" in text
    assert "システム担当者に連絡してください" in text


def test_the_change_log_says_who_changed_what_in_plain_words(
    app: web.Application, real_store: ReviewStore
) -> None:
    real_store.add_taught_example("ask_contact", "ja", "役場の電話番号を教えて", staff="suzuki")
    real_store.save_answer_edit(
        "utter_dx_meaning", "en", "DX means digital transformation.", staff="tanaka"
    )

    text = visible_text(page(app))

    assert "変更の記録" in text
    assert "例文を追加：「問い合わせ先」（日本語） — 役場の電話番号を教えて" in text
    assert "回答の文面を修正：「DXの意味」の回答（英語）" in text and "tanaka" in text
    log = text.split("変更の記録", 1)[1]
    assert "DX means digital transformation." not in log  # the topic's page shows texts
    assert "utter_" not in text and ":en" not in text


def test_an_instance_that_has_not_loaded_a_model_yet_is_shown_as_starting(
    app: web.Application, real_store: ReviewStore, files: ModelFiles
) -> None:
    live = live_model(real_store.engine, files).checksum
    record_pull(real_store.engine, "rasa-1:5005", live)
    # Before its first model Rasa sends an id of its own; another model's SHA-256 is older.
    record_pull(real_store.engine, "rasa-2:5006", "ea46605ef3b249f69045ff0f70077b27")
    record_pull(real_store.engine, "rasa-3:5007", "0" * 64)

    text = visible_text(page(app))

    assert "3台が動いています" in text
    assert "1台目はこのモデルで応答中" in text
    assert "2台目は起動中（モデルを読み込んでいます）" in text
    assert "3台目は切り替え中" in text
