"""`python -m bot.devtools.rasa_server`: `rasa run` as the Procfile starts it.

A thin launcher around Rasa's own command line, for two things the Procfile
cannot do safely in a shell line:

- the HTTP API token comes from the environment (RASA_API_TOKEN) and is handed
  to Rasa inside this process, so it never appears in the process list (`ps`
  shows this module's arguments, not the ones given to Rasa);
- the address Rasa listens on is 127.0.0.1 unless RASA_HOST says otherwise
  (0.0.0.0 in a container, where the pod network is the boundary).

- the live model comes from the web server (`models:` in endpoints.yml):
  this instance's copy of the endpoints file gets the model server's address,
  token, pull interval and the instance's name from the environment, and Rasa
  starts only once the web server answers, so its first pull finds the model
  (see bot/web/model_server.py).

Every other argument is passed to `rasa run` unchanged.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

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


@dataclass(frozen=True)
class ModelServer:
    """Where this instance pulls the live model from, and as whom."""

    url: str
    token: str
    pull_seconds: int
    instance: str


def model_server_for(
    models: Mapping[str, object], passed: Sequence[str], env: Mapping[str, str]
) -> ModelServer:
    """The `models:` section of endpoints.yml adapted from the environment.

    Args:
        models: the section as the endpoints file has it.
        passed: the launcher's arguments (--port names this instance).
        env: MODEL_SERVER_URL, WEB_PORT, MODEL_SERVER_TOKEN, MODEL_PULL_SECONDS,
            RASA_INSTANCE.
    """
    url = env.get("MODEL_SERVER_URL", "").strip()
    if not url and env.get("WEB_PORT"):
        url = f"http://127.0.0.1:{env['WEB_PORT']}/models/live.tar.gz"
    try:
        seconds = int(env.get("MODEL_PULL_SECONDS") or models.get("wait_time_between_pulls") or 10)
    except ValueError:
        seconds = 10
    port = _option(passed, "--port") or DEFAULT_PORT
    return ModelServer(
        url=url
        or str(models.get("url") or f"http://127.0.0.1:{DEFAULT_WEB_PORT}/models/live.tar.gz"),
        token=env.get("MODEL_SERVER_TOKEN", "").strip(),
        pull_seconds=max(1, seconds),
        instance=env.get("RASA_INSTANCE", "").strip() or f"{socket.gethostname()}:{port}",
    )


def instance_endpoints(
    passed: Sequence[str], env: Mapping[str, str], folder: Path
) -> Tuple[List[str], Optional[ModelServer]]:
    """The arguments with --endpoints pointing at this instance's copy.

    The copy has the `models:` section filled in for this instance (the token
    stays a ${MODEL_SERVER_TOKEN} reference, so it is never written to disk).
    Without a `models:` section the arguments are returned unchanged.

    Returns:
        The arguments for Rasa and the model server (None without one).
    """
    path = Path(_option(passed, "--endpoints") or "endpoints.yml")
    try:
        endpoints = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return list(passed), None
    models = endpoints.get("models") if isinstance(endpoints, dict) else None
    if not isinstance(models, dict):
        return list(passed), None
    server = model_server_for(models, passed, env)
    section: Dict[str, object] = {
        "url": server.url,
        "wait_time_between_pulls": server.pull_seconds,
        "params": {"instance": server.instance},
    }
    if server.token:
        section["token"] = "${MODEL_SERVER_TOKEN}"  # noqa: S105 - a reference, not a token
    endpoints["models"] = section
    copy = folder / "endpoints.yml"
    copy.write_text(yaml.safe_dump(endpoints, allow_unicode=True), encoding="utf-8")
    return _with_option(passed, "--endpoints", str(copy)), server


def _with_option(passed: Sequence[str], name: str, value: str) -> List[str]:
    """`passed` with `name`'s value replaced (or added)."""
    result: List[str] = []
    skip = False
    for index, argument in enumerate(passed):
        if skip:
            skip = False
            continue
        if argument == name and index + 1 < len(passed):
            skip = True
            continue
        if argument.startswith(name + "="):
            continue
        result.append(argument)
    return [*result, name, value]


def wait_for_model_server(server: ModelServer, timeout_s: float = MODEL_SERVER_WAIT_S) -> bool:
    """Waits until the model server answers (304 for If-None-Match: *).

    Rasa pulls once when it starts; without this, an instance started a
    moment before the web server would run without a model until its next
    pull. Returns False after `timeout_s` (Rasa then starts and keeps pulling).
    """
    query = {"token": server.token} if server.token else {}
    url = server.url
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
    sys.stderr.write(f"the model server {server.url} did not answer; Rasa will retry\n")
    return False


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Runs Rasa's own entry point in this process with the built arguments."""
    from rasa.__main__ import main as rasa_main

    passed = sys.argv[1:] if argv is None else argv
    passed, server = instance_endpoints(
        passed, os.environ, Path(tempfile.mkdtemp(prefix="aisho-rasa-"))
    )
    if server is not None:
        wait_for_model_server(server)
    # Rasa reads sys.argv; /proc/<pid>/cmdline keeps this launcher's arguments.
    sys.argv = ["rasa", *rasa_run_arguments(passed, os.environ)]
    rasa_main()


if __name__ == "__main__":
    main()
