"""How the website chat is wired: Procfile, Rasa's socket.io channel, npm packages, UI words."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from typing import Dict, List

import pytest
import yaml

from bot.language.codes import ANSWER_LANGUAGES
from tests.conftest import ROOT

CHAT_DIR = ROOT / "bot" / "web" / "static" / "chat"
STRINGS_JS = CHAT_DIR / "strings.js"
IMPORT = re.compile(r'^import [^;]*? from "(\./[\w-]+\.js)";$', re.MULTILINE)
ANSWER_FORMS = list(ANSWER_LANGUAGES)


def web_arguments(env: Dict[str, str]) -> List[str]:
    """The arguments the Procfile's web line passes, expanded by a POSIX shell."""
    line = next(
        line.split(":", 1)[1]
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    command = line.replace("exec .venv/bin/python", "printf '%s\\n'", 1)
    clean_env = {
        key: value for key, value in os.environ.items() if not key.startswith(("RASA_", "WEB_"))
    }
    result = subprocess.run(
        ["/bin/sh", "-c", command], env={**clean_env, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("env", "port", "rasa_url"),
    [
        ({}, "8000", "http://localhost:5005"),
        ({"WEB_PORT": "8100", "RASA_PORT": "6005"}, "8100", "http://localhost:6005"),
        ({"RASA_SERVER_URL": "http://rasa.internal:5005"}, "8000", "http://rasa.internal:5005"),
    ],
)
def test_procfile_starts_the_web_server(env: Dict[str, str], port: str, rasa_url: str) -> None:
    arguments = web_arguments(env)
    assert arguments[:2] == ["-m", "bot.web"]
    assert arguments[arguments.index("--port") + 1] == port
    assert arguments[arguments.index("--rasa-url") + 1] == rasa_url


def test_rasa_socketio_channel_matches_the_widget() -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert credentials["bot.web.rasa_channel.SocketIOInput"] == {
        "user_message_evt": "user_uttered",
        "bot_message_evt": "bot_uttered",
        "session_persistence": True,
        "metadata_key": "customData",
    }
    connection_js = (CHAT_DIR / "connection.js").read_text(encoding="utf-8")
    for name in ('"user_uttered"', '"bot_uttered"', '"session_request"', "customData"):
        assert name in connection_js
    assert "bot.channels.rest.RestInput" in credentials
    assert "bot.channels.line.LineInput" in credentials


def test_socket_io_client_speaks_the_servers_protocol() -> None:
    """python-socketio 5 speaks Engine.IO 4, which is socket.io-client 4."""
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    assert re.search(r"^python-socketio==5\.", lock, re.MULTILINE)
    assert re.search(r"^python-engineio==4\.", lock, re.MULTILINE)
    npm_lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    client = npm_lock["packages"]["node_modules/socket.io-client"]["version"]
    assert client.startswith("4."), client
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["socket.io-client"] == client  # pinned exactly


def test_widget_words_exist_in_every_answer_form() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: it is needed for `make web-assets` as well.")
    script = (
        "global.window = {}; require(process.argv[1]);"
        "console.log(JSON.stringify(window.AishoChatStrings));"
    )
    result = subprocess.run(
        [node, "-e", script, str(STRINGS_JS)], capture_output=True, text=True, check=True
    )
    strings = json.loads(result.stdout)
    assert list(strings) == ANSWER_FORMS
    keys = set(strings["ja"])
    for form, words in strings.items():
        assert set(words) == keys, form
        assert all(words[key] for key in keys), form
        for key in ("unreachable", "noAnswer"):
            assert "{office}" in words[key] and "{phone}" in words[key], (form, key)
        assert len(words["suggestions"]) == 3, form
    assert len({words["name"] for words in strings.values()}) == len(ANSWER_FORMS)


def test_widget_modules_import_only_files_that_exist() -> None:
    """chat.js and its parts are ES modules served as they are (no build step)."""
    widget_js = (CHAT_DIR / "widget.js").read_text(encoding="utf-8")
    assert '["static/chat/chat.js", "module"]' in widget_js
    seen, todo = set(), ["./chat.js"]
    while todo:
        name = todo.pop()
        seen.add(name)
        text = (CHAT_DIR / name).read_text(encoding="utf-8")
        todo += [found for found in IMPORT.findall(text) if found not in seen]
    classic = {"widget.js", "strings.js", "dialog.js"}
    modules = {path.name for path in CHAT_DIR.glob("*.js")} - classic
    assert {name[2:] for name in seen} == modules


def test_no_file_is_loaded_from_a_cdn() -> None:
    static = ROOT / "bot" / "web"
    for path in [*static.rglob("*.js"), *static.rglob("*.css"), *static.rglob("*.html")]:
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", text), path
        assert not re.search(r"cdn|unpkg|jsdelivr|googleapis", text, re.IGNORECASE), path
