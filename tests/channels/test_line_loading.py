"""The loading animation while the bot prepares an answer, against the fake API."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.line_api import ApiResult
from bot.channels.line_config import LineSettings, loading_seconds
from bot.channels.line_events import Turn, to_turn
from bot.channels.line_loading import LoadingAnimation
from tests.channels.line_fakes import (
    SECRET,
    TOKEN,
    USER_ID,
    FakeBot,
    FakeMessagingApi,
    async_test,
    group_text,
    line_webhook,
    postback,
    text,
)

LOADING = "/v2/bot/chat/loading/start"
REPLY = "/v2/bot/message/reply"


def settings_for(api: FakeMessagingApi, *, seconds: int) -> LineSettings:
    return LineSettings(
        channel_secret=SECRET,
        access_token=TOKEN,
        api_base_url=api.base_url,
        api_data_url=api.data_base_url,
        loading_seconds=seconds,
    )


@async_test
async def test_a_one_to_one_message_shows_the_animation_before_the_reply() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("計画期間は？"), postback("/ask_contact")) == 200

    loading = api.calls(LOADING)
    assert [call.json for call in loading] == [{"chatId": USER_ID, "loadingSeconds": 20}] * 2
    assert loading[0].headers["Authorization"] == f"Bearer {TOKEN}"
    paths = [request.path for request in api.requests if request.path in (LOADING, REPLY)]
    assert paths == [LOADING, REPLY, LOADING, REPLY]
    assert len(api.menus.loading) == 2  # accepted by the fake's checks (202)


@async_test
async def test_groups_get_no_animation() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        await webhook.post(group_text("期間は？", mentions_bot=True))
    assert len(bot.received) == 1
    assert api.calls(LOADING) == []
    assert len(api.calls(REPLY)) == 1


@async_test
async def test_loading_seconds_0_turns_it_off() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    await api.start()
    async with line_webhook(bot, api, settings=settings_for(api, seconds=0)) as webhook:
        await webhook.post(text("期間は？"))
    assert api.calls(LOADING) == []
    assert len(api.calls(REPLY)) == 1


@async_test
async def test_a_failing_animation_is_tried_once_and_the_answer_still_goes_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    api.script(LOADING, (500, {"message": "error"}, {}))
    async with line_webhook(bot, api) as webhook:
        await webhook.post(text("期間は？"))
    assert len(api.calls(LOADING)) == 1
    assert api.calls(REPLY)[0].json["messages"] == [{"type": "text", "text": "echo: 期間は？"}]
    assert "LINE loading gave up after 1 attempts" in caplog.text


class NeverAnswering:
    """A client whose animation call hangs."""

    async def show_loading(self, chat_id: str, seconds: int) -> ApiResult:
        await asyncio.sleep(3600)
        raise AssertionError("never reached")


@async_test
async def test_a_hanging_animation_delays_the_reply_at_most_the_cap() -> None:
    turn = to_turn(text("期間は？"))
    assert isinstance(turn, Turn)
    helper = LoadingAnimation(NeverAnswering(), seconds=20, wait_cap_s=0.05)  # type: ignore[arg-type]
    call = helper.start(turn)
    assert call is not None
    loop = asyncio.get_running_loop()
    started = loop.time()
    await helper.before_reply(call)
    assert loop.time() - started < 1.0
    await asyncio.sleep(0)
    assert call.cancelled()


@pytest.mark.parametrize(
    ("wished", "sent"), [(0, 0), (-5, 0), (1, 5), (5, 5), (7, 10), (60, 60), (61, 60), (600, 60)]
)
def test_loading_seconds_become_what_line_accepts(wished: int, sent: int) -> None:
    assert loading_seconds(wished) == sent


@pytest.mark.parametrize(("value", "expected"), [("", 20), ("0", 0), ("12", 15), ("60", 60)])
def test_loading_seconds_come_from_the_environment(value: str, expected: int) -> None:
    settings = LineSettings.from_env({"LINE_LOADING_SECONDS": value})
    assert settings.loading_seconds == expected


def test_a_negative_or_odd_loading_setting_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="LINE_LOADING_SECONDS"):
        LineSettings.from_env({"LINE_LOADING_SECONDS": "-1"})
    with pytest.raises(ValueError, match="LINE_LOADING_SECONDS"):
        LineSettings.from_env({"LINE_LOADING_SECONDS": "soon"})
