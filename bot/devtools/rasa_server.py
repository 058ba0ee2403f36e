"""`python -m bot.devtools.rasa_server`: `rasa run` as the Procfile starts it.

A thin launcher around Rasa's own command line, for two things the Procfile
cannot do safely in a shell line:

- the HTTP API token comes from the environment (RASA_API_TOKEN) and is handed
  to Rasa inside this process, so it never appears in the process list (`ps`
  shows this module's arguments, not the ones given to Rasa);
- the address Rasa listens on is 127.0.0.1 unless RASA_HOST says otherwise
  (0.0.0.0 in a container, where the pod network is the boundary).

- the live model comes from the web server (`models:` in endpoints.yml):
  the variables that file names get their single-machine defaults here, and
  Rasa starts only once the web server answers, so its first pull finds the
  model (see bot/web/model_server.py).

Every other argument is passed to `rasa run` unchanged.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

import yaml

DEFAULT_HOST = "127.0.0.1"
HOST_ENV = "RASA_HOST"
TOKEN_ENV = "RASA_API_TOKEN"  # noqa: S105 - the variable's name, not a token
DEFAULT_PORT = "5005"
DEFAULT_WEB_PORT = "8000"
MODEL_SERVER_WAIT_S = 180.0


def rasa_run_arguments(passed: Sequence[str], env: Mapping[str, str]) -> List[str]:
    """The arguments for Rasa's command line: `run`, the address, the API flags, then `passed`.

    Args:
        passed: this launcher's own arguments (--model, --port, ...).
        env: the environment (RASA_HOST, RASA_API_TOKEN).

    Returns:
        The argument list after the program name. The API is enabled only with
        a non-empty token.
    """
    arguments = ["run", "--interface", env.get(HOST_ENV) or DEFAULT_HOST]
    token = env.get(TOKEN_ENV, "").strip()
    if token:
        arguments += ["--enable-api", "--auth-token", token]
    return arguments + list(passed)


def _option(passed: Sequence[str], name: str) -> Optional[str]:
    """The value of `--name value` or `--name=value` in `passed`."""
    for index, argument in enumerate(passed):
        if argument == name and index + 1 < len(passed):
            return passed[index + 1]
        if argument.startswith(name + "="):
            return argument.split("=", 1)[1]
    return None


def model_server_defaults(passed: Sequence[str], env: Mapping[str, str]) -> Dict[str, str]:
    """The variables endpoints.yml's `models:` names, for those `env` lacks.

    Args:
        passed: the launcher's arguments (--port names this instance).
        env: the environment.

    Returns:
        MODEL_SERVER_URL (this machine's web server), MODEL_SERVER_TOKEN (none),
        MODEL_PULL_SECONDS (10) and RASA_INSTANCE (host:port) when unset.
    """
    web_port = env.get("WEB_PORT") or DEFAULT_WEB_PORT
    defaults = {
        "MODEL_SERVER_URL": f"http://127.0.0.1:{web_port}/models/live.tar.gz",
        "MODEL_SERVER_TOKEN": "",
        "MODEL_PULL_SECONDS": "10",
        "RASA_INSTANCE": f"{socket.gethostname()}:{_option(passed, '--port') or DEFAULT_PORT}",
    }
    return {name: value for name, value in defaults.items() if name not in env}


def uses_model_server(passed: Sequence[str]) -> bool:
    """Whether the endpoints file Rasa will read has a `models:` section."""
    path = Path(_option(passed, "--endpoints") or "endpoints.yml")
    try:
        endpoints = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(endpoints, dict) and bool(endpoints.get("models"))


def wait_for_model_server(env: Mapping[str, str], timeout_s: float = MODEL_SERVER_WAIT_S) -> bool:
    """Waits until the model server answers (304 for If-None-Match: *).

    Rasa pulls once when it starts; without this, an instance started a
    moment before the web server would run without a model until its next
    pull. Returns False after `timeout_s` (Rasa then starts and keeps pulling).
    """
    query = {"token": env["MODEL_SERVER_TOKEN"]} if env.get("MODEL_SERVER_TOKEN") else {}
    url = env["MODEL_SERVER_URL"]
    if query:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
    request = urllib.request.Request(url, headers={"If-None-Match": "*"})  # noqa: S310
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310 - our own server
                return True
        except urllib.error.HTTPError:
            return True  # 304 (a model is there) or an answer Rasa's log will explain
        except OSError:
            pass
        time.sleep(0.5)
    sys.stderr.write(
        f"the model server {env['MODEL_SERVER_URL']} did not answer; Rasa will retry\n"
    )
    return False


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Runs Rasa's own entry point in this process with the built arguments."""
    from rasa.__main__ import main as rasa_main

    passed = sys.argv[1:] if argv is None else argv
    os.environ.update(model_server_defaults(passed, os.environ))
    if uses_model_server(passed):
        wait_for_model_server(os.environ)
    # Rasa reads sys.argv; /proc/<pid>/cmdline keeps this launcher's arguments.
    sys.argv = ["rasa", *rasa_run_arguments(passed, os.environ)]
    rasa_main()


if __name__ == "__main__":
    main()
