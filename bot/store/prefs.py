"""A user's preferences (track, level, interview length) as a small hash."""
from __future__ import annotations

from collections.abc import Mapping

import redis.asyncio as aioredis

from bot.engine.events import UserRef
from bot.store.errors import guarded
from bot.store.keys import Keys


class Prefs:
    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    @guarded
    async def get(self, user: UserRef) -> dict[str, str]:
        return dict(await self.redis.hgetall(self.keys.prefs(user)))

    @guarded
    async def set(self, user: UserRef, values: Mapping[str, str | None]) -> dict[str, str]:
        """Set the given fields (None removes one) and return all preferences."""
        key = self.keys.prefs(user)
        async with self.redis.pipeline(transaction=True) as pipe:
            stored = {k: str(v) for k, v in values.items() if v is not None}
            removed = [k for k, v in values.items() if v is None]
            if stored:
                pipe.hset(key, mapping=stored)
            if removed:
                pipe.hdel(key, *removed)
            pipe.hgetall(key)
            results = await pipe.execute()
        return dict(results[-1])
