"""Settings of the LINE channel, read from the environment only.

Nothing secret lives in `credentials.yml`: the channel reads its secret, its
access token and the API address here, so that `make run` works without LINE
configured (the webhook then refuses every request).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import List, Mapping, Optional

from bot.env_numbers import number_from_env

DEFAULT_API_BASE_URL = "https://api.line.me"
DEFAULT_API_DATA_URL = "https://api-data.line.me"

ENV_CHANNEL_SECRET = "LINE_CHANNEL_SECRET"  # noqa: S105 - a variable name, not a secret
ENV_ACCESS_TOKEN = "LINE_CHANNEL_ACCESS_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_API_BASE_URL = "LINE_API_BASE_URL"
ENV_API_DATA_URL = "LINE_API_DATA_URL"
ENV_LOADING_SECONDS = "LINE_LOADING_SECONDS"
ENV_USER_ID_KEY = "LINE_USER_ID_KEY"
ENV_MAX_EVENT_AGE_S = "LINE_MAX_EVENT_AGE_S"
# LINE sends events within seconds; an older one is a replay (or a backlog
# residents no longer wait for).
DEFAULT_MAX_EVENT_AGE_S = 300.0
# The loading animation disappears as soon as the answer arrives; this is how
# long it stays when no answer comes. LINE takes 5 to 60, in steps of 5.
DEFAULT_LOADING_SECONDS = 20
LOADING_STEP_S = 5
MAX_LOADING_SECONDS = 60


def loading_seconds(value: int) -> int:
    """A wished animation time as LINE accepts it: 0 (off), or 5 to 60 in steps of 5.

    Args:
        value: seconds, at least 0.

    Returns:
        0 for 0, else the value rounded up to a multiple of 5, at most 60.
    """
    if value <= 0:
        return 0
    steps = -(-value // LOADING_STEP_S)
    return min(steps * LOADING_STEP_S, MAX_LOADING_SECONDS)


def _value(environ: Mapping[str, str], name: str) -> Optional[str]:
    value = environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class LineSettings:
    """What the LINE channel needs to verify webhooks and answer.

    Attributes:
        channel_secret: the Messaging API channel secret (signs webhooks).
        access_token: the long-lived channel access token (calls the API).
        api_base_url: the Messaging API address, without a trailing slash.
        api_data_url: the address of uploads (rich menu images), likewise.
        user_id_key: key of the hash that turns LINE user ids into sender ids;
            derived from the channel secret when unset.
        max_event_age_s: events older than this are not answered (replays).
        loading_seconds: the loading animation shown in one-to-one chats while
            the bot prepares an answer (0: none).
    """

    channel_secret: Optional[str] = field(default=None, repr=False)
    access_token: Optional[str] = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    api_data_url: str = DEFAULT_API_DATA_URL
    user_id_key: Optional[str] = field(default=None, repr=False)
    max_event_age_s: float = DEFAULT_MAX_EVENT_AGE_S
    loading_seconds: int = DEFAULT_LOADING_SECONDS

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> LineSettings:
        """Reads the settings; empty variables count as unset.

        Args:
            environ: the environment to read; `os.environ` when omitted.

        Returns:
            The settings (possibly incomplete: see `missing`).
        """
        env = os.environ if environ is None else environ
        base_url = _value(env, ENV_API_BASE_URL) or DEFAULT_API_BASE_URL
        data_url = _value(env, ENV_API_DATA_URL) or DEFAULT_API_DATA_URL
        loading = number_from_env(
            env, ENV_LOADING_SECONDS, DEFAULT_LOADING_SECONDS, kind=int, minimum=0, unit="seconds"
        )
        max_age = number_from_env(
            env,
            ENV_MAX_EVENT_AGE_S,
            DEFAULT_MAX_EVENT_AGE_S,
            kind=float,
            minimum=1.0,
            unit="seconds",
        )
        return cls(
            max_event_age_s=max_age,
            channel_secret=_value(env, ENV_CHANNEL_SECRET),
            access_token=_value(env, ENV_ACCESS_TOKEN),
            api_base_url=base_url.rstrip("/"),
            api_data_url=data_url.rstrip("/"),
            user_id_key=_value(env, ENV_USER_ID_KEY),
            loading_seconds=loading_seconds(loading),
        )

    def missing(self) -> List[str]:
        """Names of the variables that must still be set for the channel to work."""
        missing = []
        if not self.channel_secret:
            missing.append(ENV_CHANNEL_SECRET)
        if not self.access_token:
            missing.append(ENV_ACCESS_TOKEN)
        return missing

    @property
    def configured(self) -> bool:
        """True when webhooks can be verified and answered."""
        return not self.missing()
