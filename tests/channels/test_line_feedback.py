"""On LINE, 「解決しましたか？」 after a topic answer becomes quick replies after
the topic's own, and tapping one sends its /feedback payload to the bot."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import UserMessage

from actions.feedback_actions import FEEDBACK_NO, FEEDBACK_YES
from tests.channels.line_fakes import (
    USER_ID,
    FakeBot,
    FakeMessagingApi,
    async_test,
    line_webhook,
    postback,
    text,
)
from tests.domain_helpers import variation

REPLY = "/v2/bot/message/reply"
TOPIC_BUTTONS = [{"title": "問い合わせ先", "payload": "/ask_contact"}]
LABELS = {
    "ja": ["はい", "いいえ"],
    "easy_ja": ["はい", "いいえ"],
    "en": ["Yes", "No"],
    "pt": ["Sim", "Não"],
    "vi": ["Có", "Không"],
    "zh": ["是", "否"],
    "ko": ["네", "아니요"],
}


def topic_answer_then_feedback(language: str) -> Any:
    prompt = variation("utter_ask_feedback", language)
    # The payloads as the action fills them in.
    payloads = {"feedback_yes": FEEDBACK_YES, "feedback_no": FEEDBACK_NO}
    buttons = [
        {**button, "payload": button["payload"].format(**payloads)} for button in prompt["buttons"]
    ]

    def answer(_: UserMessage) -> List[Dict[str, Any]]:
        return [
            {"text": "計画期間は令和5年度から令和7年度までです。", "buttons": TOPIC_BUTTONS},
            {"text": prompt["text"], "buttons": buttons},
        ]

    return answer


@pytest.mark.parametrize("language", sorted(LABELS))
@async_test
async def test_feedback_quick_replies_follow_the_topics_own(language: str) -> None:
    bot = FakeBot(answer=topic_answer_then_feedback(language))
    api = FakeMessagingApi(profiles={USER_ID: {"language": language}})
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(text("DXポリシーの期間は？", reply="rt-1")) == 200

    [reply] = api.calls(REPLY)
    messages = reply.json["messages"]
    assert [message["text"] for message in messages][-1] == variation(
        "utter_ask_feedback", language
    )["text"]
    assert "quickReply" not in messages[0]
    items = [item["action"] for item in messages[-1]["quickReply"]["items"]]
    assert [action["label"] for action in items] == ["問い合わせ先", *LABELS[language]]
    assert [action["data"] for action in items[1:]] == [
        '/feedback{"helpful": "yes"}',
        '/feedback{"helpful": "no"}',
    ]
    assert [action["displayText"] for action in items[1:]] == LABELS[language]


@async_test
async def test_tapping_no_sends_the_feedback_payload_to_the_bot() -> None:
    bot, api = FakeBot(), FakeMessagingApi()
    async with line_webhook(bot, api) as webhook:
        assert await webhook.post(postback('/feedback{"helpful": "no"}')) == 200
    [message] = bot.received
    assert message.text == '/feedback{"helpful": "no"}'
