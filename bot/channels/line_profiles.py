"""The LINE language of each user (e.g. "ja", "en", "pt-BR", "zh-Hans"), cached."""

from __future__ import annotations

from typing import Optional

from bot.channels.line_api import LineApi
from bot.channels.line_cache import TtlCache
from bot.channels.line_privacy import hashed_id

DEFAULT_TTL_S = 3600.0
MAX_USERS = 10_000


class ProfileLanguages:
    """Reads the language from the user's profile, at most once per TTL per user.

    The cache is keyed by the hashed user id and keeps only the language (no
    display name); failures are cached too, so an unreachable profile does not
    slow down every message.
    """

    def __init__(
        self,
        api: LineApi,
        *,
        id_key: bytes,
        ttl_s: float = DEFAULT_TTL_S,
        max_users: int = MAX_USERS,
    ) -> None:
        """Creates the lookup.

        Args:
            api: the Messaging API client.
            id_key: key of the user-id hash (cache keys).
            ttl_s: how long a language is remembered, in seconds.
            max_users: the most users remembered.
        """
        self._api = api
        self._id_key = id_key
        self._cache: TtlCache[Optional[str]] = TtlCache(ttl_s=ttl_s, max_entries=max_users)

    async def language(self, user_id: str) -> Optional[str]:
        """The user's LINE language, or None when LINE does not give it.

        Args:
            user_id: the LINE user id.
        """
        key = hashed_id(self._id_key, user_id)
        found, language = self._cache.lookup(key)
        if found:
            return language
        profile = await self._api.profile(user_id)
        value = profile.get("language") if profile else None
        language = value if isinstance(value, str) and value else None
        self._cache.put(key, language)
        return language
