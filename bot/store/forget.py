"""'Forget me': delete every key of a user and say what was deleted.

Every per-user key lives under Keys.user_root (see keys.py), so one SCAN
finds them all, including every conversation's session. Data that lives in
shared keys (a group's leaderboard) is removed by hooks registered by the
code that owns it; each hook returns the kinds it deleted.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis

from bot.engine.events import UserRef
from bot.store.errors import guarded
from bot.store.keys import Keys, kind_of

ForgetHook = Callable[[UserRef], Awaitable[list[str]]]

UNLINK_BATCH = 500


class Forgetter:
    def __init__(self, redis: aioredis.Redis, keys: Keys, hooks: list[ForgetHook] | None = None) -> None:
        self.redis = redis
        self.keys = keys
        self.hooks: list[ForgetHook] = list(hooks or [])

    def add_hook(self, hook: ForgetHook) -> None:
        self.hooks.append(hook)

    @guarded
    async def user_keys(self, user: UserRef) -> list[str]:
        pattern = self.keys.user_pattern(user)
        return sorted({k async for k in self.redis.scan_iter(match=pattern, count=1000)})

    @guarded
    async def forget_user(self, user: UserRef) -> list[str]:
        """Delete all of the user's data; returns friendly kinds, e.g. ["answer history", ...]."""
        names = await self.user_keys(user)
        # a journal whose answers were all graded is an empty stream: nothing of theirs to report
        empty = {name for name in names if name.endswith(":journal") and not await self.redis.xlen(name)}
        for i in range(0, len(names), UNLINK_BATCH):
            await self.redis.unlink(*names[i : i + UNLINK_BATCH])
        kinds: list[str] = []
        for name in names:
            if name not in empty and (kind := kind_of(name)) not in kinds:
                kinds.append(kind)
        for hook in self.hooks:
            kinds.extend(k for k in await hook(user) if k not in kinds)
        return kinds
