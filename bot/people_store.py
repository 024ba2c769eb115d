"""Each user's language and display name in Redis, so every bot replica knows them.

Without it a replica knows only the people who wrote to it: the notifier's replica would
tell a Russian-speaking customer who wrote to another replica in English.
"""

from __future__ import annotations

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("smallbatch.bot")

#: The hash of one user's language and name.
KEY = "smallbatch:people:{user}"
#: Forgotten after this long without a word from them (the conversation state's time too).
KEEP_SECONDS = 30 * 86400


class PeopleStore:
    """Languages and names shared by the replicas; Redis being down costs only the sharing."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def save(self, user_id: int, language: str, name: str) -> None:
        """Record what a user last showed of themselves."""
        key = KEY.format(user=user_id)
        try:
            await self._redis.hset(key, mapping={"language": language, "name": name})
            await self._redis.expire(key, KEEP_SECONDS)
        except RedisError as error:
            log.warning("people_not_shared", user=user_id, error=repr(error))

    async def load(self, user_id: int) -> tuple[str, str] | None:
        """(language, name) another replica recorded, or None."""
        try:
            found = await self._redis.hgetall(KEY.format(user=user_id))
        except RedisError as error:
            log.warning("people_not_read", user=user_id, error=repr(error))
            return None
        values = {_text(k): _text(v) for k, v in found.items()}
        if "language" not in values:
            return None
        return values["language"], values.get("name", "")


def _text(value: bytes | str) -> str:
    return value if isinstance(value, str) else value.decode()
