"""The last scheduled post a channel's platform refused, until one goes out again.

A daily post that fails (the bot was removed from the channel: Slack's `not_in_channel`) was only
logged, so the admin who asked for the daily never heard of it. The failure is kept per channel and
`daily` shows it, with what to do; the next post that reaches the channel clears it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.community.keys import Keys
from bot.community.refs import ChannelRef

FAILURE_TTL = 30 * 24 * 3600  # a channel left alone that long has been given up on


@dataclass(frozen=True)
class PostFailure:
    at: str  # ISO datetime (UTC)
    what: str  # "daily question", "recap", "board" or "notice"
    error: str  # the platform's own word for it ("not_in_channel"), or "" when it gave none
    dropped: bool  # given up on (it cannot succeed, or it failed too often), not to be tried again


class PostFailures:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def record(self, channel: ChannelRef, failure: PostFailure) -> None:
        await self._redis.set(self._keys.post_failure(channel.id), json.dumps(asdict(failure)), ex=FAILURE_TTL)

    async def clear(self, channel: ChannelRef) -> None:
        await self._redis.delete(self._keys.post_failure(channel.id))

    async def last(self, channel: ChannelRef) -> PostFailure | None:
        raw = await self._redis.get(self._keys.post_failure(channel.id))
        return PostFailure(**json.loads(raw)) if raw else None
