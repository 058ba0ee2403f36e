"""A resident asks over LINE: a signed webhook to the running assistant, answered
through a fake Messaging API on LINE_API_PORT (tests/e2e/conftest.py points the
assistant's LINE_API_BASE_URL at it)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List

import pytest

from bot.channels.line_richmenu_layout import menu_object, plan_menu
from bot.channels.line_sample import post_signed, text_event, webhook_body
from bot.town.contact import load_contact
from tests.e2e.conftest import LINE_API_PORT, LINE_SECRET, LINE_TOKEN
from tests.e2e.reply_language import reply_responses

pytestmark = [pytest.mark.model, pytest.mark.servers]

REPLY_WAIT_S = 60.0


@dataclass
class Received:
    method: str
    path: str
    headers: Dict[str, str]
    json: Any


class FakeLineApi:
    """Records reply and push calls; answers profiles with the language set per user."""

    def __init__(self) -> None:
        self.requests: List[Received] = []
        self.languages: Dict[str, str] = {}
        self._lock = threading.Lock()

    def handler(self) -> type:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"null")
                with api._lock:
                    api.requests.append(Received("POST", self.path, dict(self.headers), body))
                self._answer(200, {"sentMessages": []})

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                user_id = self.path.rsplit("/", 1)[-1]
                with api._lock:
                    api.requests.append(Received("GET", self.path, dict(self.headers), None))
                    language = api.languages.get(user_id, "ja")
                self._answer(200, {"userId": user_id, "displayName": "e2e", "language": language})

            def log_message(self, *_: Any) -> None:
                """Quiet: the paths carry (made-up) user ids."""

        return Handler

    def reply_for(self, reply_token: str) -> Received:
        """Waits for the reply with this token (the bot answers in the background)."""
        deadline = time.monotonic() + REPLY_WAIT_S
        while time.monotonic() < deadline:
            with self._lock:
                for request in self.requests:
                    if request.path == "/v2/bot/message/reply" and (
                        request.json.get("replyToken") == reply_token
                    ):
                        return request
            time.sleep(0.2)
        raise AssertionError(f"no reply with token {reply_token} within {REPLY_WAIT_S} s")


@pytest.fixture(scope="module")
def line_api() -> Iterator[FakeLineApi]:
    api = FakeLineApi()
    server = ThreadingHTTPServer(("127.0.0.1", LINE_API_PORT), api.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


def new_user() -> str:
    return "U" + uuid.uuid4().hex


def texts(reply: Received) -> str:
    return "\n".join(message.get("text", "") for message in reply.json["messages"])


def actions(reply: Received) -> List[Dict[str, Any]]:
    last = reply.json["messages"][-1]
    return [item["action"] for item in last.get("quickReply", {}).get("items", [])]


def send(rasa_url: str, events: List[Dict[str, Any]], secret: str = LINE_SECRET) -> int:
    return post_signed(f"{rasa_url}/webhooks/line/webhook", webhook_body(events), secret)


def test_signed_text_event_gets_the_period_answer_by_reply(
    rasa_url: str, line_api: FakeLineApi
) -> None:
    reply_token = uuid.uuid4().hex
    event = text_event("DXポリシーの期間は？", user_id=new_user(), reply_token=reply_token)
    assert send(rasa_url, [event]) == 200
    reply = line_api.reply_for(reply_token)
    assert reply.headers["Authorization"] == f"Bearer {LINE_TOKEN}"
    assert "令和5年度から令和7年度まで" in texts(reply)
    assert 1 <= len(reply.json["messages"]) <= 5


def test_contact_answer_offers_call_and_mail_form_links(
    rasa_url: str, line_api: FakeLineApi
) -> None:
    reply_token = uuid.uuid4().hex
    assert (
        send(
            rasa_url, [text_event("問い合わせ先は？", user_id=new_user(), reply_token=reply_token)]
        )
        == 200
    )
    reply = line_api.reply_for(reply_token)
    assert load_contact().phone in texts(reply)
    uris = [action["uri"] for action in actions(reply) if action["type"] == "uri"]
    assert any(uri.startswith("tel:") for uri in uris)
    assert any(uri.startswith("https://") for uri in uris)


def user_event(
    kind: str, details: Dict[str, Any], *, user_id: str, reply_token: str
) -> Dict[str, Any]:
    """A one-to-one chat event of LINE's documented format ("follow", "postback", ...)."""
    return {
        "type": kind,
        kind: details,
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "replyToken": reply_token,
        "mode": "active",
    }


def test_follow_is_greeted_in_the_users_line_language(rasa_url: str, line_api: FakeLineApi) -> None:
    user_id, reply_token = new_user(), uuid.uuid4().hex
    line_api.languages[user_id] = "en"
    follow = user_event("follow", {"isUnblocked": False}, user_id=user_id, reply_token=reply_token)
    assert send(rasa_url, [follow]) == 200
    reply = line_api.reply_for(reply_token)
    first_text = reply.json["messages"][0]["text"]
    assert reply_responses(first_text).get("utter_greet") == "en"
    assert "/ask_contact" in [action.get("data") for action in actions(reply)]


def test_forged_signature_is_refused(rasa_url: str, line_api: FakeLineApi) -> None:
    event = text_event("期間は？", user_id=new_user())
    assert send(rasa_url, [event], secret="not-the-channel-secret") == 401  # noqa: S106


# What each rich menu tile (bot/channels/line_richmenu.yml) must be answered with.
TILE_ANSWERS = {
    "/ask_policy_overview": "utter_policy_overview",
    "/ask_policy_period": "utter_policy_period_",
    "/ask_basic_policies": "utter_basic_policies",
    "/ask_digital_divide_support": "utter_digital_divide_support",
    "/ask_office_hours": "utter_office_hours",
    "/ask_contact": "utter_contact_details",
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_rich_menu_tile_gets_its_answer(
    rasa_url: str, line_api: FakeLineApi, language: str
) -> None:
    menu = menu_object(plan_menu(language))
    user_id = new_user()
    line_api.languages[user_id] = language
    for area in menu["areas"]:
        data, reply_token = area["action"]["data"], uuid.uuid4().hex
        ids = {"user_id": user_id, "reply_token": reply_token}
        assert send(rasa_url, [user_event("postback", {"data": data}, **ids)]) == 200
        reply = line_api.reply_for(reply_token)
        answered = {
            name: answer_language
            for message in reply.json["messages"]
            for name, answer_language in reply_responses(message.get("text", "")).items()
        }
        if data == "/choose_language":
            payloads = [action.get("data") for action in actions(reply)]
            assert '/choose_language{"language_choice": "en"}' in payloads
            continue
        names = [name for name in answered if name.startswith(TILE_ANSWERS[data])]
        assert names, f"{data} was answered with {sorted(answered)}"
        assert language in {answered[name] for name in names}
    # The animation was asked for each tap, in the one-to-one chat.
    loading = [r for r in line_api.requests if r.path == "/v2/bot/chat/loading/start"]
    assert {r.json["chatId"] for r in loading} >= {user_id}
