"""nginx as the load balancer of the scaled setup: config rendering and the process.

The config comes from deploy/nginx/aisho-dx.conf.template (Jinja2). nginx runs
in the foreground with a private prefix folder (`nginx -p <folder>`), so the
system's /etc/nginx is neither read nor changed.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import jinja2

from bot.channels.client_address import trusted_proxies_from_env
from bot.devtools.servers import ROOT
from bot.town.contact import load_contact

logger = logging.getLogger(__name__)

TEMPLATE = ROOT / "deploy" / "nginx" / "aisho-dx.conf.template"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx")


class NginxMissingError(RuntimeError):
    """nginx is not installed; the message says how to install it."""


@dataclass(frozen=True)
class BalancerLayout:
    """Ports the balancer listens on and forwards to.

    Attributes:
        listen: the public listener, e.g. "127.0.0.1:5080" or "5080".
        action_balancer_port: the listener on 127.0.0.1 for Rasa's action_endpoint.
        rasa_ports: the Rasa instances.
        action_ports: the action servers.
        web_port: the web server (chat page, /staff) on 127.0.0.1, served
            at / with security headers; None answers / with 404.
    """

    listen: str
    action_balancer_port: int
    rasa_ports: Sequence[int]
    action_ports: Sequence[int]
    web_port: Optional[int] = None


@dataclass(frozen=True)
class ClientLimits:
    """nginx's limits per client address (loopback is exempt).

    Attributes:
        rate: REST messages and socket.io requests per second.
        burst: how many above the rate are let through at once.
        connections: socket.io requests open at once (long-polls hold one).
    """

    rate: int = 5
    burst: int = 60
    connections: int = 8


def nginx_binary() -> Path:
    """The nginx executable.

    Raises:
        NginxMissingError: nginx is not installed.
    """
    found = shutil.which("nginx") or next(
        (path for path in NGINX_CANDIDATES if Path(path).exists()), None
    )
    if not found:
        raise NginxMissingError("nginx is not installed: run `make nginx` (apt-get, as root).")
    return Path(found)


def unavailable_notice(town_folder: Optional[Path] = None) -> str:
    """The REST-format JSON nginx answers when no Rasa instance is reachable.

    Args:
        town_folder: the town folder (its contact.yml's `phone` is quoted);
            None reads TOWN_DIR or ./town.

    Returns:
        A JSON list with one message in Japanese and English, safe inside an
        nginx single-quoted string (no quote, no `$`, no backslash escape,
        which nginx would turn into a control character).
    """
    phone = load_contact(town_folder).phone
    text = (
        "申し訳ありません。ただいまお答えできません。しばらくしてからもう一度お試しいただくか、"
        f"お電話（{phone}）でお問い合わせください。 Sorry, I cannot answer right now. "
        f"Please try again in a little while, or call the office at {phone}."
    )
    notice = json.dumps([{"recipient_id": "", "text": text}], ensure_ascii=False)
    return notice.replace("'", "’").replace("$", "").replace("\\", "")


def render_config(
    layout: BalancerLayout,
    prefix: Path,
    *,
    worker_processes: int = 1,
    user: Optional[str] = None,
    template: Path = TEMPLATE,
    limits: ClientLimits = ClientLimits(),
    trusted_proxies: Optional[Iterable[str]] = None,
) -> str:
    """Renders the nginx configuration.

    Args:
        layout: the ports.
        prefix: the folder for the pid file, logs and temporary files.
        worker_processes: nginx worker processes.
        user: the `user` directive (None: nginx's default when started as root).
        template: the Jinja2 template.
        limits: the per-client limits.
        trusted_proxies: whose X-Forwarded-For nginx believes (None:
            TRUSTED_PROXIES, default loopback, where the web server's relay is).

    Returns:
        The configuration text.
    """
    environment = jinja2.Environment(  # noqa: S701 - renders a config file, not HTML
        loader=jinja2.FileSystemLoader(str(template.parent)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(template.name).render(
        prefix=str(prefix),
        listen=layout.listen,
        action_balancer_port=layout.action_balancer_port,
        rasa_ports=list(layout.rasa_ports),
        action_ports=list(layout.action_ports),
        web_port=layout.web_port,
        per_client_rate=limits.rate,
        per_client_burst=limits.burst,
        per_client_connections=limits.connections,
        trusted_proxies=sorted(
            trusted_proxies_from_env() if trusted_proxies is None else trusted_proxies
        ),
        unavailable_json=unavailable_notice(),
        worker_processes=worker_processes,
        user=user,
    )


def write_config(
    layout: BalancerLayout, prefix: Path, *, limits: ClientLimits = ClientLimits()
) -> Path:
    """Writes nginx.conf into `prefix` (and the temporary folders it names).

    Args:
        layout: the ports.
        prefix: a private folder.
        limits: the per-client limits.

    Returns:
        The written nginx.conf.
    """
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(render_config(layout, prefix, limits=limits), encoding="utf-8")
    return config


def check_config(config: Path, prefix: Path) -> None:
    """Runs `nginx -t` on the file.

    Raises:
        RuntimeError: nginx rejects the configuration (its message included).
    """
    result = subprocess.run(  # noqa: S603 - fixed command
        [*nginx_command(config, prefix), "-t"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"nginx rejects {config}:\n{result.stderr}")


def nginx_command(config: Path, prefix: Path) -> list[str]:
    """The command running nginx in the foreground with this configuration."""
    return [str(nginx_binary()), "-p", str(prefix), "-c", str(config), "-e", "stderr"]
