"""`make line-richmenu`: the exact Messaging API calls against the fake API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import List, Tuple

import pytest

from bot.channels.line_api import LineApi
from bot.channels.line_richmenu import draw, main, publish
from bot.channels.line_richmenu_api import RichMenuApi
from bot.channels.line_richmenu_layout import menu_name
from bot.language.codes import ANSWER_LANGUAGES
from tests.channels.line_fakes import FAST_RETRY, TOKEN, FakeMessagingApi, async_test

CREATE = "/v2/bot/richmenu"
LIST = "/v2/bot/richmenu/list"


async def started() -> Tuple[FakeMessagingApi, LineApi]:
    api = FakeMessagingApi()
    base_url = await api.start()
    client = LineApi(
        base_url=base_url, data_base_url=api.data_base_url, access_token=TOKEN, retry=FAST_RETRY
    )
    return api, client


def calls(api: FakeMessagingApi) -> List[Tuple[str, str]]:
    return [(request.method, request.path) for request in api.requests]


@async_test
async def test_create_uploads_sets_the_default_then_replaces_the_old_menus() -> None:
    api, client = await started()
    old_ja = api.menus.add(menu_name("ja"))
    unrelated = api.menus.add("the tourism office's menu")
    menus = draw(["en", "ja"])
    try:
        outcome = await publish(RichMenuApi(client), menus)
    finally:
        await client.close()
        await api.stop()

    assert outcome.error is None
    ja_id, en_id = outcome.created["ja"], outcome.created["en"]
    assert calls(api) == [
        ("GET", LIST),
        ("POST", CREATE),  # Japanese first: the default
        ("POST", f"/v2/bot/richmenu/{ja_id}/content"),
        ("POST", CREATE),
        ("POST", f"/v2/bot/richmenu/{en_id}/content"),
        ("POST", f"/v2/bot/user/all/richmenu/{ja_id}"),
        ("DELETE", f"/v2/bot/richmenu/{old_ja}"),
    ]
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in api.requests)
    creates = api.calls(CREATE)
    assert [c.json for c in creates] == [menus[0].menu, menus[1].menu]
    assert creates[0].headers["Content-Type"] == "application/json"
    uploads = [r for r in api.requests if r.path.endswith("/content")]
    assert {r.port for r in uploads} == {api.data_port}  # api-data.line.me
    api_port = int(api.base_url.rsplit(":", 1)[1])
    assert {r.port for r in api.requests if r not in uploads} == {api_port}
    assert [(r.headers["Content-Type"], r.body) for r in uploads] == [
        ("image/png", menus[0].image),
        ("image/png", menus[1].image),
    ]
    assert api.menus.default_menu == ja_id == outcome.default_id
    assert set(api.menus.menus) == {ja_id, en_id, unrelated}
    assert outcome.deleted == [old_ja]


def test_the_menu_object_follows_lines_rules() -> None:
    [drawn] = draw(["ja"])
    menu = drawn.menu
    assert menu["size"] == {"width": 2500, "height": 1686}
    assert menu["selected"] is True
    assert menu["name"] == "aisho-dx/ja"
    assert menu["chatBarText"] == "メニュー"
    actions = [area["action"] for area in menu["areas"]]
    assert [action["data"] for action in actions] == [
        "/ask_policy_overview",
        "/ask_policy_period",
        "/ask_basic_policies",
        "/ask_digital_divide_support",
        "/ask_office_hours",
        "/ask_contact",
        "/choose_language",
    ]
    assert actions[1] == {
        "type": "postback",
        "label": "計画期間",
        "data": "/ask_policy_period",
        "displayText": "計画期間",
    }
    assert actions[-1]["displayText"] == "言語"


@async_test
async def test_a_refused_picture_removes_the_new_menus_and_keeps_the_old() -> None:
    api, client = await started()
    old_ja = api.menus.add(menu_name("ja"))
    api.menus.default_menu = old_ja
    api.menus.refuse_upload = 2  # the English picture
    try:
        outcome = await publish(RichMenuApi(client), draw(["ja", "en"]))
    finally:
        await client.close()
        await api.stop()
    assert outcome.error == "LINE refused the en picture (400)"
    assert outcome.created == {}
    assert set(api.menus.menus) == {old_ja}
    assert api.menus.default_menu == old_ja
    assert [method for method, _ in calls(api)].count("DELETE") == 2  # both new ones
    assert not [r for r in api.requests if r.path.startswith("/v2/bot/user/all/")]


@async_test
async def test_the_command_creates_a_menu_per_language_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    api = FakeMessagingApi()
    base_url = await api.start()
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", base_url)
    monkeypatch.setenv("LINE_API_DATA_URL", api.data_base_url)
    try:
        code = await asyncio.to_thread(main, ["create", "--out", str(tmp_path)])
    finally:
        await api.stop()
    assert code == 0
    names = sorted(menu["name"] for menu in api.menus.menus.values())
    assert names == sorted(menu_name(language) for language in ANSWER_LANGUAGES)
    assert api.menus.menus[api.menus.default_menu or ""]["name"] == "aisho-dx/ja"
    assert set(api.menus.images) == set(api.menus.menus)
    out = capsys.readouterr().out
    assert "(default)" in out and "replaced 0 older menus" in out
    saved = json.loads((tmp_path / "line-richmenu-vi.json").read_text())
    assert saved["chatBarText"] == "Menu"
    assert (tmp_path / "line-richmenu-vi.png").stat().st_size > 10_000


def test_dry_run_draws_without_a_token_and_calls_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("LINE_API_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    assert main(["create", "--language", "ko", "--dry-run", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "line-richmenu-ko.json",
        "line-richmenu-ko.png",
    ]


def test_without_a_token_the_command_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    assert main(["create"]) == 2
    assert "LINE_CHANNEL_ACCESS_TOKEN" in capsys.readouterr().err
