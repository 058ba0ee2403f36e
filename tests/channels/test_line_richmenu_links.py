"""Per-user rich menus: residents answered in another language get that menu."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

import pytest

from bot.channels.line_richmenu_layout import menu_name
from bot.channels.line_richmenu_links import slot_language
from tests.channels.line_fakes import (
    TOKEN,
    USER_ID,
    FakeBot,
    FakeMessagingApi,
    async_test,
    group_text,
    line_webhook,
    text,
)

REPLY = "/v2/bot/message/reply"
LIST = "/v2/bot/richmenu/list"


@dataclass
class Languages:
    """Plays the conversation's `language` slot, as Rasa's tracker store holds it."""

    value: Optional[str] = "ja"
    asked: List[str] = field(default_factory=list)
    fail: bool = False

    async def __call__(self, sender: str) -> Optional[str]:
        self.asked.append(sender)
        if self.fail:
            raise ConnectionError("tracker store down")
        return self.value


def with_menus(api: FakeMessagingApi, *languages: str) -> Dict[str, str]:
    return {language: api.menus.add(menu_name(language)) for language in languages}


def link_path(menu_id: str, user_id: str = USER_ID) -> str:
    return f"/v2/bot/user/{user_id}/richmenu/{menu_id}"


@async_test
async def test_a_resident_who_switched_language_gets_that_languages_menu() -> None:
    bot, api, languages = FakeBot(), FakeMessagingApi(), Languages("en")
    ids = with_menus(api, "ja", "en", "vi")
    async with line_webhook(bot, api, sender_language=languages) as webhook:
        await webhook.post(text("When does the policy end?"))
        await webhook.post(text("Who do I contact?"))  # same language: not linked again
        languages.value = "ja"
        await webhook.post(text("日本語に戻して"))

    links = [r for r in api.requests if r.path.startswith(f"/v2/bot/user/{USER_ID}/richmenu/")]
    assert [(r.method, r.path) for r in links] == [
        ("POST", link_path(ids["en"])),
        ("POST", link_path(ids["ja"])),
    ]
    assert links[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert api.menus.user_menus == {USER_ID: ids["ja"]}
    assert len(api.calls(LIST)) == 1  # the menu ids are cached
    assert len(api.calls(REPLY)) == 3
    # Each link comes after that turn's reply: the answer is never kept waiting.
    paths = [r.path for r in api.requests]
    assert paths.index(REPLY) < paths.index(link_path(ids["en"]))
    assert languages.asked and all(sender.startswith("line-") for sender in languages.asked)


@async_test
async def test_a_language_without_a_menu_gets_the_japanese_one() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    ids = with_menus(api, "ja", "en")
    async with line_webhook(bot, api, sender_language=Languages("ko")) as webhook:
        await webhook.post(text("정책 기간은?"))
    assert api.menus.user_menus == {USER_ID: ids["ja"]}


@pytest.mark.parametrize("menus", [(), ("ja",), ("other",)])
@async_test
async def test_without_menus_per_language_nothing_is_linked_or_looked_up(
    menus: tuple,
) -> None:
    bot, api, languages = FakeBot(), FakeMessagingApi(), Languages("en")
    for name in menus:
        api.menus.add(menu_name(name) if name != "other" else "another team's menu")
    async with line_webhook(bot, api, sender_language=languages) as webhook:
        await webhook.post(text("When does the policy end?"))
    assert api.menus.user_menus == {}
    assert languages.asked == []
    assert len(api.calls(REPLY)) == 1


@async_test
async def test_group_messages_link_nothing() -> None:
    bot, api, languages = FakeBot(), FakeMessagingApi(), Languages("en")
    with_menus(api, "ja", "en")
    async with line_webhook(bot, api, sender_language=languages) as webhook:
        await webhook.post(group_text("期間は？", mentions_bot=True))
    assert api.calls(LIST) == []
    assert api.menus.user_menus == {}


@async_test
async def test_failures_are_logged_and_never_stop_the_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot, api, languages = FakeBot(), FakeMessagingApi(), Languages("en", fail=True)
    ids = with_menus(api, "ja", "en")
    async with line_webhook(bot, api, sender_language=languages) as webhook:
        await webhook.post(text("When does the policy end?"))
        languages.fail = False
        api.script(link_path(ids["en"]), *[(500, {"message": "error"}, {})] * 3)
        await webhook.post(text("And the contact?"))
        await webhook.post(text("And the hours?"))  # the failed link is tried again
    assert len(api.calls(REPLY)) == 3
    assert "LINE rich menu: linking failed" in caplog.text
    assert "LINE rich menu link gave up after 2 attempts" in caplog.text
    assert api.menus.user_menus == {USER_ID: ids["en"]}


class Tracker:
    def __init__(self, language: object) -> None:
        self.language = language

    def get_slot(self, name: str) -> object:
        return self.language if name == "language" else None


class TrackerStore:
    def __init__(self, trackers: Dict[str, Tracker]) -> None:
        self.trackers = trackers

    async def retrieve(self, sender_id: str) -> Optional[Tracker]:
        return self.trackers.get(sender_id)


class Agent:
    def __init__(self, trackers: Dict[str, Tracker]) -> None:
        self.tracker_store = TrackerStore(trackers)


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (Agent({"line-1": Tracker("vi")}), "vi"),
        (Agent({"line-1": Tracker("../../domain")}), None),  # not an answer language
        (Agent({"line-1": Tracker(None)}), None),
        (Agent({}), None),  # no conversation yet
        (None, None),  # Rasa's agent not loaded yet
    ],
)
@async_test
async def test_the_language_comes_from_the_conversations_slot(
    agent: Optional[Agent], expected: Optional[str]
) -> None:
    assert await slot_language(agent, "line-1") == expected
