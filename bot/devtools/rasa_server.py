"""`python -m bot.devtools.rasa_server`: `rasa run` as the Procfile starts it.

A thin launcher around Rasa's own command line, for two things the Procfile
cannot do safely in a shell line:

- the HTTP API token comes from the environment (RASA_API_TOKEN) and is handed
  to Rasa inside this process, so it never appears in the process list (`ps`
  shows this module's arguments, not the ones given to Rasa);
- the address Rasa listens on is 127.0.0.1 unless RASA_HOST says otherwise
  (0.0.0.0 in a container, where the pod network is the boundary).

Every other argument is passed to `rasa run` unchanged.
"""

from __future__ import annotations

import os
import sys
from typing import List, Mapping, Optional, Sequence

DEFAULT_HOST = "127.0.0.1"
HOST_ENV = "RASA_HOST"
TOKEN_ENV = "RASA_API_TOKEN"  # noqa: S105 - the variable's name, not a token


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


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Runs Rasa's own entry point in this process with the built arguments."""
    from rasa.__main__ import main as rasa_main

    passed = sys.argv[1:] if argv is None else argv
    # Rasa reads sys.argv; /proc/<pid>/cmdline keeps this launcher's arguments.
    sys.argv = ["rasa", *rasa_run_arguments(passed, os.environ)]
    rasa_main()


if __name__ == "__main__":
    main()
