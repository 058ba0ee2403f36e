"""Send a correctly signed sample LINE text event to a running bot.

    python -m bot.channels.line_sample --url http://localhost:5005/webhooks/line/webhook \
        --text "DXポリシーの期間は？"

The body is signed with LINE_CHANNEL_SECRET, exactly as LINE signs it. The bot
answers through the Messaging API at LINE_API_BASE_URL (its own setting); LINE
itself refuses the sample's made-up reply token. To see the answer, start the
bot with LINE_API_BASE_URL=http://127.0.0.1:15099 and add `--capture-port 15099`:
this command then plays the Messaging API on that port (profile language from
`--language`) and prints what the bot sends to it.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.channels.line_api import PUSH_PATH, REPLY_PATH
from bot.channels.line_config import ENV_CHANNEL_SECRET
from bot.channels.line_signature import sign

DEFAULT_URL = "http://localhost:5005/webhooks/line/webhook"
DEFAULT_TEXT = "DXポリシーの期間は？"
SAMPLE_USER_ID = "U" + "0" * 31 + "1"
SAMPLE_DESTINATION = "U" + "f" * 32


def text_event(
    text: str,
    *,
    user_id: str = SAMPLE_USER_ID,
    reply_token: Optional[str] = None,
    event_id: Optional[str] = None,
) -> Dict[str, Any]:
    """A one-to-one text message event in LINE's webhook format.

    Args:
        text: what the user wrote.
        user_id: the sender's LINE user id.
        reply_token: the reply token; random when omitted.
        event_id: the webhook event id; random when omitted.

    Returns:
        The event object.
    """
    return {
        "type": "message",
        "message": {
            "type": "text",
            "id": str(uuid.uuid4().int)[:18],
            "quoteToken": uuid.uuid4().hex,
            "text": text,
        },
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "replyToken": reply_token or uuid.uuid4().hex,
        "mode": "active",
    }


def webhook_body(events: List[Dict[str, Any]]) -> bytes:
    """The request body LINE posts for these events (UTF-8 JSON)."""
    body = {"destination": SAMPLE_DESTINATION, "events": events}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def post_signed(url: str, body: bytes, channel_secret: str, *, timeout_s: float = 30.0) -> int:
    """Posts a webhook body with its X-Line-Signature.

    Args:
        url: the bot's webhook URL (http or https).
        body: the raw body.
        channel_secret: the channel secret that signs it.
        timeout_s: the request time limit.

    Returns:
        The HTTP status of the answer.
    """
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"--url must start with http:// or https://, got {url!r}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Line-Signature": sign(channel_secret, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def capture_server(port: int, language: str) -> Tuple[ThreadingHTTPServer, queue.Queue]:
    """A stand-in Messaging API on 127.0.0.1:`port`, serving in a daemon thread.

    Args:
        port: the port the bot's LINE_API_BASE_URL points at.
        language: the LINE language every profile reports.

    Returns:
        The server (shut it down when done) and a queue of (path, JSON body)
        for every reply and push the bot sends.
    """
    received: queue.Queue = queue.Queue()

    class MessagingApi(BaseHTTPRequestHandler):
        def _answer(self, body: Dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"null")
            if self.path in (REPLY_PATH, PUSH_PATH):  # not the loading animation
                received.put((self.path, body))
            self._answer({"sentMessages": []})

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._answer({"displayName": "sample", "language": language})

        def log_message(self, *_: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", port), MessagingApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Sends one signed sample text event and prints the HTTP status.

    Returns:
        0 when the bot accepted it (2xx), 1 otherwise, 2 without a secret.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="the bot's LINE webhook URL")
    parser.add_argument("--text", default=DEFAULT_TEXT, help="the message text")
    parser.add_argument("--user-id", default=SAMPLE_USER_ID, help="a made-up LINE user id")
    parser.add_argument(
        "--capture-port", type=int, help="play the Messaging API on this port and print the answer"
    )
    parser.add_argument("--language", default="ja", help="profile language (with --capture-port)")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the answer")
    args = parser.parse_args(argv)
    secret = os.environ.get(ENV_CHANNEL_SECRET, "").strip()
    if not secret:
        print(f"Set {ENV_CHANNEL_SECRET} to the secret the bot uses.", file=sys.stderr)
        return 2
    body = webhook_body([text_event(args.text, user_id=args.user_id)])
    if not args.url.startswith(("http://", "https://")):
        print(f"--url must start with http:// or https://, got {args.url!r}", file=sys.stderr)
        return 2
    capture = capture_server(args.capture_port, args.language) if args.capture_port else None
    try:
        status = post_signed(args.url, body, secret)
        print(f"HTTP {status}", flush=True)
        if capture and 200 <= status < 300:
            path, sent = capture[1].get(timeout=args.wait)
            print(f"{path}\n{json.dumps(sent, ensure_ascii=False, indent=2)}")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        print(f"Could not reach {args.url}: {error}. Is the bot running?", file=sys.stderr)
        return 1
    except queue.Empty:
        print(f"No answer reached port {args.capture_port} in {args.wait:g} s.", file=sys.stderr)
        return 1
    finally:
        if capture:
            capture[0].shutdown()
            capture[0].server_close()
    return 0 if 200 <= status < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
