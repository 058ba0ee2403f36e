"""Odd and hostile input over every public channel, through nginx: never a 500,
never a crash, the next message still answered."""

from __future__ import annotations

import json
import uuid
from typing import Dict, List, Optional, Tuple

import pytest
import requests

from bot.channels.line_sample import text_event
from bot.channels.line_signature import sign
from bot.devtools.scaled import ScaledAssistant
from tests.e2e.test_line_webhook import FakeLineApi
from tests.production.conftest import LINE_SECRET, joined

pytestmark = [pytest.mark.model, pytest.mark.servers, pytest.mark.production]

QUESTION = "DXポリシーの期間は？"
ANSWER = "令和5年度から令和7年度まで"
ASK_TO_TYPE = "入力してください"
LIMIT_TEXT = "1,000"  # MAX_MESSAGE_CHARS' default, as the refusal quotes it
JSON = "application/json"

# (case, text, what the reply must contain; None: any non-empty reply)
ODD_TEXTS: List[Tuple[str, str, Optional[str]]] = [
    ("empty", "", ASK_TO_TYPE),
    ("whitespace", " \u3000\n\t ", ASK_TO_TYPE),
    ("10000 characters", "あ" * 10_000, LIMIT_TEXT),
    ("control characters", "DX\x00ポリシー\x07の期間は\x1b？", ANSWER),
    ("emoji only", "🙂🙂🙂", ASK_TO_TYPE),
    ("script", "<script>alert(1)</script>", None),
    ("sql", "'; DROP TABLE events; --", None),
    ("lone surrogate", "期間\ud800は？", None),
]


def rest(base: str, data: bytes, content_type: str = JSON) -> requests.Response:
    return requests.post(
        f"{base}/webhooks/rest/webhook",
        data=data,
        headers={"Content-Type": content_type},
        timeout=120,
    )


def rest_json(sender: str, text: str) -> bytes:
    # json.dumps keeps a lone surrogate as the escape "\ud800", as a browser would send it.
    return json.dumps({"sender": sender, "message": text}).encode()


def assert_no_server_error(response: requests.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and "Exception" not in response.text


@pytest.mark.parametrize(("case", "text", "expected"), ODD_TEXTS, ids=[c[0] for c in ODD_TEXTS])
def test_rest_odd_text_is_answered_and_the_next_message_too(
    all_running: ScaledAssistant, case: str, text: str, expected: Optional[str]
) -> None:
    sender = f"odd-{uuid.uuid4().hex[:10]}"
    response = rest(all_running.url, rest_json(sender, text))
    assert_no_server_error(response)
    assert response.status_code == 200
    assert response.json(), f"{case}: the resident got no answer"
    if expected:
        assert expected in joined(response.json())
    follow_up = rest(all_running.url, rest_json(sender, QUESTION))
    assert follow_up.status_code == 200
    assert ANSWER in joined(follow_up.json())


BAD_BODIES: Dict[str, Tuple[bytes, str]] = {
    "invalid json": (b'{"sender": "x", "message": ', JSON),
    "json array": (b'["DX"]', JSON),
    "no sender": (json.dumps({"message": QUESTION}).encode(), JSON),
    "message not text": (json.dumps({"sender": "x", "message": {"a": 1}}).encode(), JSON),
    "wrong content type": (json.dumps({"sender": "x", "message": QUESTION}).encode(), "text/plain"),
    "form encoded": (b"sender=x&message=hello", "application/x-www-form-urlencoded"),
    "invalid utf-8": (b'{"sender": "x", "message": "\xff\xfe\xc3"}', JSON),
    "empty body": (b"", JSON),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_rest_unreadable_request_is_a_4xx_and_the_bot_keeps_answering(
    all_running: ScaledAssistant, case: str
) -> None:
    data, content_type = BAD_BODIES[case]
    response = rest(all_running.url, data, content_type)
    assert_no_server_error(response)
    assert 400 <= response.status_code < 500
    for base in all_running.rasa_urls:  # both instances still up and answering
        follow_up = rest(base, rest_json(f"after-{uuid.uuid4().hex[:10]}", QUESTION))
        assert ANSWER in joined(follow_up.json())


def post_line(base: str, body: bytes) -> requests.Response:
    return requests.post(
        f"{base}/webhooks/line/webhook",
        data=body,
        headers={"Content-Type": JSON, "X-Line-Signature": sign(LINE_SECRET, body)},
        timeout=60,
    )


def line_reply(api: FakeLineApi, base: str, user: str, text: str) -> str:
    token = uuid.uuid4().hex
    event = text_event(text, user_id=user, reply_token=token)
    # ASCII escapes, as LINE may send them: a lone surrogate cannot be UTF-8.
    body = json.dumps({"destination": "U" + "f" * 32, "events": [event]}).encode()
    response = post_line(base, body)
    assert_no_server_error(response)
    assert response.status_code == 200
    reply = api.reply_for(token)
    return "\n".join(message.get("text", "") for message in reply.json["messages"])


@pytest.mark.parametrize(("case", "text", "expected"), ODD_TEXTS, ids=[c[0] for c in ODD_TEXTS])
def test_line_odd_text_gets_a_reply_and_the_next_message_too(
    all_running: ScaledAssistant,
    line_api: FakeLineApi,
    case: str,
    text: str,
    expected: Optional[str],
) -> None:
    user = "U" + uuid.uuid4().hex
    reply = line_reply(line_api, all_running.url, user, text)
    assert reply.strip(), f"{case}: the resident got an empty reply"
    if expected:
        assert expected in reply
    assert ANSWER in line_reply(line_api, all_running.url, user, QUESTION)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"destination": "U1", "events": "x"}', b"\xff\xfe\xfd", b"[]"],
    ids=["invalid json", "events not a list", "invalid utf-8", "not an object"],
)
def test_line_signed_unreadable_body_is_a_4xx(
    all_running: ScaledAssistant, line_api: FakeLineApi, body: bytes
) -> None:
    response = post_line(all_running.url, body)
    assert_no_server_error(response)
    assert 400 <= response.status_code < 500
    user = "U" + uuid.uuid4().hex
    assert ANSWER in line_reply(line_api, all_running.url, user, QUESTION)
