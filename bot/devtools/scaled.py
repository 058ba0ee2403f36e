"""Several Rasa and action servers behind nginx on one machine, on PostgreSQL and Redis.

Each instance is started exactly as `make run` starts it (a Procfile line
through honcho), only with other environment variables: the tracker store in
PostgreSQL (TRACKER_DB_*), the lock store in Redis (REDIS_*), optionally the
RabbitMQ event broker (RABBITMQ_*), and Rasa's action_endpoint pointing at the
nginx upstream of the action servers. `make run-scaled` runs
`python -m bot.devtools.scaled`; tests/production and `make bench` use
`running_scaled()`.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from bot.devtools import nginx
from bot.devtools.backends import backend_env, ensure_database, unreachable_backends
from bot.devtools.servers import (
    ROOT,
    descendants,
    endpoints_file,
    start_procfile,
    stop_process_group,
    wait_until_up,
)

logger = logging.getLogger(__name__)

MODEL = ROOT / "models" / "aisho-dx.tar.gz"


@dataclass(frozen=True)
class ScaledPorts:
    """Ports of one scaled setup (`make run-scaled`: 5080, 5081, 5005-6, 5055-6, 8000)."""

    balancer: int = 5080
    action_balancer: int = 5081
    rasa: Tuple[int, ...] = (5005, 5006)
    actions: Tuple[int, ...] = (5055, 5056)
    web: Optional[int] = None

    @classmethod
    def from_base(cls, base: int, instances: int = 2, *, web: bool = False) -> ScaledPorts:
        """Ports base+80 (nginx), base+81, base+5.., base+55.. and base (web)."""
        return cls(
            balancer=base + 80,
            action_balancer=base + 81,
            rasa=tuple(base + 5 + i for i in range(instances)),
            actions=tuple(base + 55 + i for i in range(instances)),
            web=base if web else None,
        )


@dataclass
class Service:
    """One process of the setup: a Procfile line under honcho, or nginx."""

    name: str
    env: Dict[str, str]
    health_url: str
    log: Path
    procfile_line: Optional[str] = None
    command: Optional[List[str]] = None
    process: Optional[subprocess.Popen] = field(default=None, repr=False)

    def start(self) -> None:
        """Starts the process (in its own process group); does not wait."""
        if self.procfile_line:
            self.process = start_procfile([self.procfile_line], self.env, self.log)
            return
        with self.log.open("a") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                self.command or [],
                cwd=ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_up(self, timeout_s: float = 300) -> None:
        """Waits until the health URL answers (raises if the process exits first)."""
        assert self.process is not None, f"{self.name} was not started"
        wait_until_up([self.health_url], self.process, self.log, timeout_s)

    def stop(self, *, crash: bool = False) -> None:
        """Stops the process group: SIGTERM, or SIGKILL when `crash` (a crash)."""
        if self.process is None:
            return
        if crash:  # honcho gives each child its own process group: kill every process
            for pid in reversed(descendants(self.process.pid)):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    continue
            self.process.wait(timeout=30)
        stop_process_group(self.process)
        self.process = None

    def resident_mb(self) -> float:
        """Summed VmRSS of the service's processes (honcho itself excluded), in MB."""
        if self.process is None:
            return float("nan")
        pids = descendants(self.process.pid)
        pids = pids[1:] if self.procfile_line else pids
        return sum(_rss_kb(pid) for pid in pids) / 1024


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0
    return next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
    )


@dataclass
class ScaledAssistant:
    """A running scaled setup. `url` is the balancer; services are named
    rasa-1, rasa-2, actions-1, actions-2, nginx (and web)."""

    url: str
    rasa_urls: List[str]
    action_urls: List[str]
    web_url: Optional[str]
    services: Dict[str, Service]
    env: Dict[str, str]
    started_in_s: float

    def stop(self, name: str, *, crash: bool = False) -> None:
        """Stops one service (SIGKILL when `crash`)."""
        self.services[name].stop(crash=crash)

    def start(self, name: str, timeout_s: float = 300) -> None:
        """Starts one stopped service again and waits until it answers."""
        self.services[name].start()
        self.services[name].wait_up(timeout_s)

    def memory_mb(self) -> Dict[str, float]:
        """Resident memory per running service, in MB."""
        return {name: s.resident_mb() for name, s in self.services.items() if s.process}


@contextmanager
def running_scaled(
    *,
    workdir: Path,
    ports: ScaledPorts,
    model: Path = MODEL,
    backends: Optional[Dict[str, str]] = None,
    extra_env: Optional[Dict[str, str]] = None,
    public: bool = False,
) -> Iterator[ScaledAssistant]:
    """Runs nginx, the action servers, the Rasa instances (and the web server).

    Args:
        workdir: a folder for the endpoints file, nginx's files and the logs.
        ports: the ports (as many Rasa instances as `ports.rasa`).
        model: the trained model archive.
        backends: from `backend_env()` (None: its defaults); the database is created.
        extra_env: more variables for every process (RASA_API_TOKEN, BOT_NOW, ...).
        public: nginx listens on every interface instead of 127.0.0.1.

    Yields:
        The running setup; everything is stopped on exit.
    """
    backends = backends if backends is not None else backend_env()
    ensure_database(backends)
    base_env = {**os.environ, **backends, **(extra_env or {})}
    base_env["RASA_MODEL"] = str(model.resolve())
    base_env["RASA_ENDPOINTS"] = str(
        endpoints_file(
            workdir,
            f"http://127.0.0.1:{ports.action_balancer}/webhook",
            model_server=ports.web is not None,
        )
    )
    if ports.web is not None:  # every instance pulls the live model from the web server
        base_env.setdefault("MODEL_SERVER_URL", f"http://127.0.0.1:{ports.web}/models/live.tar.gz")
        base_env.setdefault("MODEL_STORE_DIR", str(workdir / "models"))
    prefix = workdir / "nginx"
    layout = nginx.BalancerLayout(
        listen=str(ports.balancer) if public else f"127.0.0.1:{ports.balancer}",
        action_balancer_port=ports.action_balancer,
        rasa_ports=ports.rasa,
        action_ports=ports.actions,
        web_port=ports.web,
    )
    config = nginx.write_config(layout, prefix)
    nginx.check_config(config, prefix)
    url = f"http://127.0.0.1:{ports.balancer}"
    services: Dict[str, Service] = {
        "nginx": Service(
            "nginx",
            base_env,
            f"{url}/balancer-health",
            workdir / "nginx.log",
            command=nginx.nginx_command(config, prefix),
        )
    }
    for number, port in enumerate(ports.actions, start=1):
        env = {**base_env, "ACTION_PORT": str(port)}
        log = workdir / f"actions-{number}.log"
        health = f"http://127.0.0.1:{port}/health"
        services[f"actions-{number}"] = Service(f"actions-{number}", env, health, log, "actions")
    for number, port in enumerate(ports.rasa, start=1):
        env = {**base_env, "RASA_PORT": str(port)}
        log = workdir / f"rasa-{number}.log"
        health = f"http://127.0.0.1:{port}/webhooks/rest/"
        services[f"rasa-{number}"] = Service(f"rasa-{number}", env, health, log, "rasa")
    if ports.web:
        # Behind nginx: the web server itself listens on loopback only.
        env = {
            **base_env,
            "WEB_PORT": str(ports.web),
            "WEB_HOST": "127.0.0.1",
            "RASA_SERVER_URL": url,
        }
        health = f"http://127.0.0.1:{ports.web}/healthz"
        services["web"] = Service("web", env, health, workdir / "web.log", "web")
    started = time.monotonic()
    try:
        for service in services.values():
            service.start()
        for service in services.values():
            service.wait_up()
        yield ScaledAssistant(
            url=url,
            rasa_urls=[f"http://127.0.0.1:{port}" for port in ports.rasa],
            action_urls=[f"http://127.0.0.1:{port}" for port in ports.actions],
            web_url=f"http://127.0.0.1:{ports.web}" if ports.web else None,
            services=services,
            env=base_env,
            started_in_s=time.monotonic() - started,
        )
    finally:
        for service in reversed(list(services.values())):
            service.stop()


def _interrupt(*_: object) -> None:
    """SIGTERM stops the setup like Ctrl-C."""
    raise KeyboardInterrupt


def main() -> None:
    """`make run-scaled`: runs the setup until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--base-port", type=int, default=5000)
    parser.add_argument("--broker", action="store_true", help="also send events to RabbitMQ")
    parser.add_argument("--print-nginx-config", action="store_true")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ports = ScaledPorts.from_base(arguments.base_port, arguments.instances, web=True)
    ports = ScaledPorts(**{**ports.__dict__, "web": int(os.environ.get("WEB_PORT", 8000))})
    workdir = ROOT / "var" / "scaled"
    workdir.mkdir(parents=True, exist_ok=True)
    if arguments.print_nginx_config:
        layout = nginx.BalancerLayout(
            str(ports.balancer), ports.action_balancer, ports.rasa, ports.actions, ports.web
        )
        print(nginx.render_config(layout, Path("/var/lib/aisho-dx-nginx")))  # noqa: T201
        return
    backends = backend_env(rabbitmq=arguments.broker or bool(os.environ.get("RABBITMQ_HOST")))
    missing = unreachable_backends(backends, rabbitmq="RABBITMQ_HOST" in backends)
    if missing:
        raise SystemExit(f"Cannot reach {', '.join(missing)}: start it or set its variables.")
    signal.signal(signal.SIGTERM, _interrupt)
    count = len(ports.rasa)
    logger.info("Starting %d Rasa and %d action servers (logs: %s)...", count, count, workdir)
    with running_scaled(
        workdir=workdir, ports=ports, model=arguments.model, backends=backends, public=True
    ) as scaled:
        logger.info("Up in %.0f s.", scaled.started_in_s)
        logger.info("Balancer (REST, LINE, socket.io): %s/webhooks/rest/webhook", scaled.url)
        logger.info("Web chat:  %s/ (staff: %s/staff)", scaled.url, scaled.url)
        logger.info("Instances: %s", ", ".join(scaled.rasa_urls))
        logger.info(
            "Actions:   %s (via 127.0.0.1:%d)", ", ".join(scaled.action_urls), ports.action_balancer
        )
        logger.info(
            "Tracker store: PostgreSQL %s; lock store: Redis %s:%s. Ctrl-C stops.",
            backends["TRACKER_DB_NAME"],
            backends["REDIS_HOST"],
            backends["REDIS_PORT"],
        )
        try:
            while all(s.process and s.process.poll() is None for s in scaled.services.values()):
                time.sleep(1)
            logger.error("A process exited; stopping everything (see the logs in %s).", workdir)
        except KeyboardInterrupt:
            logger.info("Stopping.")


if __name__ == "__main__":
    main()
