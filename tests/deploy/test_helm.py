"""The Kubernetes deployment never ships Rasa's API with a default secret.

helm is not installable on this machine (no Debian package, no PyPI wheel),
so the values are checked as data and install.sh is run against a stand-in
`helm` that records what it was given.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml

from tests.conftest import ROOT

VALUES = ROOT / "deploy" / "helm" / "values.yml"
INSTALL = ROOT / "deploy" / "helm" / "install.sh"
SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN")
JWT = "j" * 40
TOKEN = "t" * 40


def values() -> Dict[str, Any]:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def scalars(node: Any) -> Iterator[Any]:
    """Every scalar value in a parsed YAML tree."""
    if isinstance(node, dict):
        for child in node.values():
            yield from scalars(child)
    elif isinstance(node, list):
        for child in node:
            yield from scalars(child)
    else:
        yield node


def env_entries(content: Dict[str, Any]) -> Iterator[Dict[str, Any]]:
    yield from content.get("extraEnv") or []
    yield from (content.get("rasa-action-server") or {}).get("extraEnv") or []


def test_the_api_is_off_and_no_secret_is_in_the_values() -> None:
    content = values()
    settings = content["applicationSettings"]
    assert settings["enableAPI"] is False
    assert settings["token"] == ""
    assert "UNSET" not in list(scalars(content))
    for entry in env_entries(content):
        if any(word in entry["name"] for word in SECRET_WORDS):
            assert "value" not in entry, f"{entry['name']} must come from a Secret"
            assert entry["valueFrom"]["secretKeyRef"]["name"] == "aisho-dx-secrets"


@pytest.fixture
def fake_helm(tmp_path: Path) -> Path:
    """A `helm` that writes its arguments and standard input to files, and a `kubectl`."""
    (tmp_path / "bin").mkdir()
    for name, record in (("helm", "argv"), ("kubectl", "kubectl")):
        script = tmp_path / "bin" / name
        lines = ["#!/bin/sh", f'printf "%s\\n" "$@" > "{tmp_path}/{record}"']
        if name == "helm":
            lines.append(f'cat > "{tmp_path}/stdin"')
        script.write_text("\n".join(lines) + "\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return tmp_path


def install(folder: Path, env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RASA_")}
    path = f"{folder / 'bin'}:{clean['PATH']}"
    return subprocess.run(
        ["bash", str(INSTALL), *args],
        env={**clean, "PATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "RASA_JWT_SECRET is not set"),
        ({"RASA_JWT_SECRET": JWT}, "RASA_API_TOKEN is not set"),
        ({"RASA_JWT_SECRET": "UNSET", "RASA_API_TOKEN": TOKEN}, "placeholder"),
        ({"RASA_JWT_SECRET": "short", "RASA_API_TOKEN": TOKEN}, "at least 32"),
        ({"RASA_JWT_SECRET": JWT, "RASA_API_TOKEN": JWT}, "must differ"),
    ],
)
def test_install_refuses_without_real_secrets(
    fake_helm: Path, env: Dict[str, str], message: str
) -> None:
    result = install(fake_helm, env)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (fake_helm / "argv").exists(), "helm ran anyway"


def given(folder: Path) -> List[str]:
    return (folder / "argv").read_text().splitlines()


def test_install_passes_the_secrets_on_stdin_never_as_arguments(fake_helm: Path) -> None:
    secret = 'x"y\\z' + "s" * 40
    result = install(fake_helm, {"RASA_JWT_SECRET": JWT, "RASA_API_TOKEN": secret}, "town-bot")
    assert result.returncode == 0, result.stderr
    arguments = given(fake_helm)
    assert arguments[:4] == ["upgrade", "--install", "town-bot", "rasa/rasa"]
    assert not any(JWT in a or secret in a for a in arguments)
    extra = yaml.safe_load((fake_helm / "stdin").read_text())
    assert extra["applicationSettings"]["token"] == secret
    assert extra["applicationSettings"]["rasaX"]["jwtSecret"] == JWT
    assert extra["applicationSettings"]["enableAPI"] is False


def test_the_api_is_enabled_only_on_request(fake_helm: Path) -> None:
    env = {"RASA_JWT_SECRET": JWT, "RASA_API_TOKEN": TOKEN, "RASA_ENABLE_API": "true"}
    assert install(fake_helm, env).returncode == 0
    extra = yaml.safe_load((fake_helm / "stdin").read_text())
    assert extra["applicationSettings"]["enableAPI"] is True


def test_install_also_schedules_the_daily_purge(fake_helm: Path) -> None:
    assert install(fake_helm, {"RASA_JWT_SECRET": JWT, "RASA_API_TOKEN": TOKEN}).returncode == 0
    applied = (fake_helm / "kubectl").read_text().splitlines()
    assert applied[0] == "apply"
    files = [Path(name).name for name in applied[1:] if name != "-f"]
    assert files == ["web.yml", "purge-cronjob.yml"]


def test_the_purge_cronjob_runs_the_purge_daily_with_secrets_from_the_secret() -> None:
    job = yaml.safe_load((VALUES.parent / "purge-cronjob.yml").read_text(encoding="utf-8"))
    assert job["kind"] == "CronJob" and job["spec"]["concurrencyPolicy"] == "Forbid"
    minute, hour, day, month, weekday = job["spec"]["schedule"].split()
    assert (day, month, weekday) == ("*", "*", "*")  # every day
    (container,) = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["python", "-m", "bot.review", "purge"]
    names = {entry["name"]: entry for entry in container["env"]}
    assert {"REVIEW_RETENTION_DAYS", "REVIEW_DB_DIALECT", "TRACKER_DB_DIALECT"} <= set(names)
    for name, entry in names.items():
        if any(word in name for word in SECRET_WORDS) or name == "REVIEW_HASH_KEY":
            assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], name


def test_the_ingress_publishes_the_web_server_and_never_rasas_api() -> None:
    ingress = values()["ingress"]
    paths = {ingress["path"]} | {extra["path"] for extra in ingress["extraPaths"]}
    assert paths == {"/webhooks/", "/socket.io/", "/"}
    backends = {
        extra["path"]: extra["backend"]["service"]["name"] for extra in ingress["extraPaths"]
    }
    assert backends["/"] == "aisho-dx-web"
    assert "$arg_" not in ingress["annotations"]["nginx.ingress.kubernetes.io/upstream-hash-by"]


def test_the_web_server_manifest_takes_its_secrets_from_the_secret() -> None:
    documents = list(yaml.safe_load_all((VALUES.parent / "web.yml").read_text(encoding="utf-8")))
    deployment = next(doc for doc in documents if doc["kind"] == "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"][:3] == ["python", "-m", "bot.web"]
    for entry in container["env"]:
        if (
            any(word in entry["name"] for word in SECRET_WORDS)
            or entry["name"] == "REVIEW_HASH_KEY"
        ):
            assert "value" not in entry, entry["name"]
