"""Each incoming message is handled once, even when the platform redelivers it.

Slack retries events it thinks were not acknowledged and Discord gateways can
replay; a SET NX per message id makes the first delivery win. When handling
fails after the claim, the claim is released so a redelivery gets a chance.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis

from bot.store.errors import guarded
from bot.store.keys import Keys

CLAIM_SECONDS = 24 * 3600  # longer than any platform keeps retrying


class Claims:
    def __init__(self, redis: aioredis.Redis, keys: Keys, ttl_seconds: int = CLAIM_SECONDS) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl_seconds = ttl_seconds

    @guarded
    async def claim_message(self, platform: str, message_id: str) -> bool:
        """True the first time this message id is seen; False for a redelivery."""
        if not message_id:
            return True  # nothing to deduplicate on (e.g. the terminal)
        key = self.keys.claim(platform, message_id)
        return bool(await self.redis.set(key, "1", nx=True, ex=self.ttl_seconds))

    @guarded
    async def release_claim(self, platform: str, message_id: str) -> None:
        if message_id:
            await self.redis.delete(self.keys.claim(platform, message_id))

    @asynccontextmanager
    async def claimed(self, platform: str, message_id: str) -> AsyncIterator[bool]:
        """Yield whether this delivery is the first; release the claim if the body raises."""
        first = await self.claim_message(platform, message_id)
        try:
            yield first
        except BaseException:
            if first:
                await self.release_claim(platform, message_id)
            raise
