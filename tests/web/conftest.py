"""The website chat as residents use it: the assistant started the way `make run`
starts it (Procfile, web server included) and Debian's Chromium driven by Playwright.

Browser fixtures are only used by tests marked `model` and `servers`; the unit
tests of this folder need neither.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterator, List

import pytest

from bot.devtools.servers import running_assistant
from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Tuesday 10:00 in Aisho: the office is open and the plan period has ended.
BOT_NOW = "2026-11-24T10:00:00+09:00"
RASA_PORT, ACTION_PORT, WEB_PORT = 17005, 17055, 17000
# A second web server whose Rasa server is down (nothing listens on 17009).
DOWN_WEB_PORT, DOWN_RASA_PORT = 17001, 17009
# Generous: the first answer of a fresh Rasa server can take seconds on 2 cores.
WAIT_MS = 60_000


# The staff inbox's login in the browser tests (STAFF_USERNAME / STAFF_PASSWORD_HASH).
STAFF_USER, STAFF_PASSWORD = "staff", "test-password-for-the-staff-inbox"  # noqa: S105


@pytest.fixture(scope="session")
def staff_env(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    """A private review database, export folder and staff login shared by the servers."""
    from bot.review.auth.passwords import hash_password

    folder = tmp_path_factory.mktemp("review")
    return {
        "REVIEW_DB_DIALECT": "sqlite",
        "REVIEW_DB_NAME": str(folder / "review.db"),
        "REVIEW_EXPORT_DIR": str(folder / "reviewed"),
        "REVIEW_HASH_KEY": "browser-test-hash-key",
        "STAFF_USERNAME": STAFF_USER,
        "STAFF_PASSWORD_HASH": hash_password(STAFF_PASSWORD),
    }


@pytest.fixture(scope="session")
def web_url(
    trained_model: Path, tmp_path_factory: pytest.TempPathFactory, staff_env: Dict[str, str]
) -> Iterator[str]:
    """Base URL of the website chat, connected to a running Rasa server."""
    with running_assistant(
        model=trained_model,
        workdir=tmp_path_factory.mktemp("web"),
        rasa_port=RASA_PORT,
        action_port=ACTION_PORT,
        web_port=WEB_PORT,
        extra_env={"BOT_NOW": BOT_NOW, **staff_env},
    ) as assistant:
        assert assistant.web_url
        yield assistant.web_url


def _wait_for(url: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout_s} s")


@pytest.fixture(scope="session")
def web_url_rasa_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a website chat whose Rasa server is unreachable."""
    log = tmp_path_factory.mktemp("web-down") / "web.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.web", "--port", str(DOWN_WEB_PORT)]
            + ["--rasa-url", f"http://127.0.0.1:{DOWN_RASA_PORT}"],
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://localhost:{DOWN_WEB_PORT}/healthz", process)
        yield f"http://localhost:{DOWN_WEB_PORT}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (installed by `make chromium`)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `make chromium` (as root).")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile (no storage) with a Japanese desktop browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    if AXE_SCRIPT.exists():
        context.add_init_script(path=str(AXE_SCRIPT))
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture(scope="session")
def screenshots_dir(results_dir: Path) -> Path:
    """results/screenshots/, where the browser tests save their pictures."""
    folder = results_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
