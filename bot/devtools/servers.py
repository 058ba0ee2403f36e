"""Start the assistant exactly as `make run` does (honcho + Procfile), on chosen ports.

Used by the end-to-end tests and by `make bench`, so both measure the real thing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS = ROOT / "endpoints.yml"
# The variables bot/stores/ read: tracker store, lock store, event broker.
STORE_ENV_PREFIXES = ("TRACKER_DB_", "REDIS_", "RABBITMQ_")
HONCHO = ROOT / ".venv" / "bin" / "honcho"
STARTUP_TIMEOUT_S = 300


class ServersFailedToStartError(RuntimeError):
    """The servers exited or did not answer in time; the message has their log."""


@dataclass(frozen=True)
class RunningAssistant:
    """A running Rasa server with its action server."""

    rasa_url: str
    action_url: str
    started_in_s: float
    supervisor_pid: int
    log: Path
    web_url: Optional[str] = None

    def process_ids(self) -> Dict[str, int]:
        """PIDs of the Rasa, action-server and web processes (descendants of honcho)."""
        found: Dict[str, int] = {}
        pending = [self.supervisor_pid]
        while pending:
            pid = pending.pop()
            proc = Path(f"/proc/{pid}")
            for task in (proc / "task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "rasa_sdk" in command:
                found["actions"] = pid
            elif "bot.devtools.rasa_server" in command:
                found["rasa"] = pid
            elif "bot.web" in command:
                found["web"] = pid
        return found


def endpoints_file(workdir: Path, action_url: str, *, model_server: bool = True) -> Path:
    """The project's endpoints.yml with the action endpoint moved to `action_url`.

    The stores stay as `make run` configures them (bot/stores/, read from the
    environment), so a test or benchmark run uses the same tracker, lock store
    and event broker classes as the assistant residents talk to.

    Args:
        workdir: the folder the copy is written to.
        action_url: the action server's webhook URL.
        model_server: keep `models:` (the Rasa server pulls the live model from
            the web server); False loads the --model file instead, for runs
            without a web server.

    Returns:
        The path of the written endpoints file.
    """
    endpoints = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8")) or {}
    endpoints["action_endpoint"] = {"url": action_url}
    if not model_server:
        endpoints.pop("models", None)
    path = workdir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, allow_unicode=True), encoding="utf-8")
    return path


def private_store_env(workdir: Path, env: Mapping[str, str]) -> Dict[str, str]:
    """`env` with the stores of a single machine and the tracker database in `workdir`.

    Every TRACKER_DB_*, REDIS_* and RABBITMQ_* variable is dropped, then the
    tracker store is set to SQLite at workdir/tracker.db: the default
    endpoints.yml setup of `make run`, isolated from the developer's var/.

    Args:
        workdir: the folder of the tracker database.
        env: the environment to start from.

    Returns:
        A new environment.
    """
    kept = {name: value for name, value in env.items() if not name.startswith(STORE_ENV_PREFIXES)}
    return {
        **kept,
        "TRACKER_DB_DIALECT": "sqlite",
        "TRACKER_DB_NAME": str(workdir / "tracker.db"),
    }


def _is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - localhost only
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_up(
    urls: List[str], process: subprocess.Popen, log: Path, timeout_s: float = STARTUP_TIMEOUT_S
) -> None:
    """Waits until every URL answers 200.

    Args:
        urls: health addresses, checked in order.
        process: the supervising process; its early exit is an error.
        log: the process's log, quoted in the error.
        timeout_s: how long to wait in total.

    Raises:
        ServersFailedToStartError: the process exited or a URL did not answer in time.
    """
    deadline = time.monotonic() + timeout_s
    pending = list(urls)
    while pending:
        if process.poll() is not None:
            raise ServersFailedToStartError(f"servers exited early:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise ServersFailedToStartError(f"{pending} not up:\n{log.read_text()[-3000:]}")
        if _is_up(pending[0]):
            pending.pop(0)
        else:
            time.sleep(0.5)


_wait_until_up = wait_until_up


def start_procfile(processes: List[str], env: Dict[str, str], log: Path) -> subprocess.Popen:
    """Starts Procfile lines through honcho in a new process group (as `make run` does).

    Args:
        processes: names of Procfile lines ("actions", "rasa", "web").
        env: the complete environment of the processes.
        log: the file their output goes to (overwritten).

    Returns:
        The honcho process; stop it with `stop_process_group`.
    """
    with log.open("w") as log_file:
        return subprocess.Popen(  # noqa: S603 - fixed command
            [str(HONCHO), "start", "-f", "Procfile", *processes],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_process_group(process: subprocess.Popen, *, timeout_s: float = 30) -> None:
    """Stops a process started in its own group: SIGTERM, then SIGKILL after `timeout_s`."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:  # the whole group is gone already
        process.poll()
        return
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout_s)


def descendants(pid: int) -> List[int]:
    """`pid` and every process below it (read from /proc; vanished ones are skipped)."""
    found: List[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


class PortInUseError(RuntimeError):
    """A port the servers need is taken, usually by a server left over from an earlier run."""


def ensure_ports_free(ports: List[int]) -> None:
    """Raises PortInUseError naming the first port something already listens on.

    Without this check the health checks would be answered by the other
    server, and the tests would talk to it instead of to this run's.
    """
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise PortInUseError(
                    f"port {port} is already in use (a server left over from an earlier "
                    f"run? `ss -ltnp 'sport = :{port}'` shows which); stop it and retry."
                )


@contextmanager
def running_assistant(
    *,
    model: Path,
    workdir: Path,
    rasa_port: int,
    action_port: int,
    web_port: Optional[int] = None,
    extra_env: Optional[Dict[str, str]] = None,
) -> Iterator[RunningAssistant]:
    """Runs the Procfile with the project's endpoints.yml; stops it on exit.

    The stores are the single-machine defaults of `make run` (SQLite tracker,
    in-memory lock store, no event broker) with the tracker database in
    `workdir`; `extra_env` may set other TRACKER_DB_*, REDIS_* or RABBITMQ_*
    variables.

    Args:
        model: the trained model archive.
        workdir: a folder for the endpoints file, the tracker database and the log.
        rasa_port: port of the Rasa server.
        action_port: port of the action server.
        web_port: port of the website chat server (bot.web); None starts only
            the Rasa and action servers.
        extra_env: more environment variables (e.g. BOT_NOW, RASA_API_TOKEN).

    Yields:
        The running assistant.

    Raises:
        PortInUseError: one of the ports is taken before the servers start.
    """
    env = {
        **private_store_env(workdir, os.environ),
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "RASA_ENDPOINTS": str(
            endpoints_file(
                workdir, f"http://localhost:{action_port}/webhook", model_server=bool(web_port)
            )
        ),
        "RASA_MODEL": str(model),
        # Published models of this run stay in its folder.
        "MODEL_STORE_DIR": str(workdir / "models"),
        # The web server relays to the Rasa server of this run, whatever the shell says.
        **(
            {"WEB_PORT": str(web_port), "RASA_SERVER_URL": f"http://localhost:{rasa_port}"}
            if web_port
            else {}
        ),
        **(extra_env or {}),
    }
    processes = ["actions", "rasa", *(["web"] if web_port else [])]
    ensure_ports_free([rasa_port, action_port, *([web_port] if web_port else [])])
    log = workdir / "servers.log"
    started = time.monotonic()
    process = start_procfile(processes, env, log)
    rasa_url = f"http://localhost:{rasa_port}"
    action_url = f"http://localhost:{action_port}"
    web_url = f"http://localhost:{web_port}" if web_port else None
    health_urls = [f"{action_url}/health", f"{rasa_url}/webhooks/rest/"]
    try:
        _wait_until_up(health_urls + ([f"{web_url}/healthz"] if web_url else []), process, log)
        yield RunningAssistant(
            rasa_url=rasa_url,
            action_url=action_url,
            started_in_s=time.monotonic() - started,
            supervisor_pid=process.pid,
            log=log,
            web_url=web_url,
        )
    finally:
        stop_process_group(process)
