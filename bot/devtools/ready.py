"""`make run`'s last stage line: says when every server answers, and how to use them.

    python -m bot.devtools.ready [--timeout 300]

Reads the same ports as the Procfile (ACTION_PORT, RASA_PORT, WEB_PORT) and
polls each server's health address; prints one line when all answer (or
which one did not, after the timeout), then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Dict, Mapping, Optional, Sequence

from bot.devtools.servers import _is_up

POLL_S = 0.5


def health_urls(env: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """Server name -> health address, on the ports the Procfile uses."""
    return {
        "actions": f"http://localhost:{env.get('ACTION_PORT', '5055')}/health",
        "Rasa": f"http://localhost:{env.get('RASA_PORT', '5005')}/webhooks/rest/",
        "web": f"http://localhost:{env.get('WEB_PORT', '8000')}/healthz",
    }


def ready_message(seconds: float, env: Mapping[str, str] = os.environ) -> str:
    """What to tell the newcomer once everything answers."""
    rasa = env.get("RASA_PORT", "5005")
    web = env.get("WEB_PORT", "8000")
    return (
        f"[{seconds:4.0f} s] ready: website chat http://localhost:{web}/ · staff "
        f"http://localhost:{web}/staff · REST: curl -s localhost:{rasa}/webhooks/rest/webhook "
        "-H 'Content-Type: application/json' "
        '-d \'{"sender":"me","message":"問い合わせ先は？"}\' · Ctrl-C stops'
    )


def wait(timeout_s: float, env: Mapping[str, str] = os.environ) -> Optional[str]:
    """Polls until every server answers; returns the first that did not, or None."""
    deadline = time.monotonic() + timeout_s
    for name, url in health_urls(env).items():
        while not _is_up(url):
            if time.monotonic() > deadline:
                return name
            time.sleep(POLL_S)
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.ready", description=__doc__)
    parser.add_argument("--timeout", type=float, default=300.0)
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    missing = wait(arguments.timeout)
    if missing:
        sys.stdout.write(
            f"[{time.monotonic() - started:4.0f} s] the {missing} server did not answer; "
            "see its lines above\n"
        )
        return 1
    sys.stdout.write(ready_message(time.monotonic() - started) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
