"""Scheduled posts wait here until a platform has taken them: at least once, not at most once.

Taking a daily (its lease), closing a recap or archiving a week's board
happens once, before anything is sent. Without this, a send that failed (Slack
down past its client's retries, a dropped connection) or a process that died
in between lost that post for good. Now each post is written here as soon as
it is due, and leaves only when the adapter says it was sent, or that it can
never be (the bot was removed from the channel).

One sorted set per platform holds entry ids by the time each may next be
tried; the entries themselves are JSON in a hash. Taking entries moves them a
lease ahead in one Lua call, so of several replicas only one sends each, and
one that dies mid-send leaves the entry to be taken again when the lease ends.
A failed send is tried again later, backing off, for up to GIVE_UP_SECONDS
(and a post whose sender keeps dying before it can say anything is dropped then too).
A post can go out twice only when a process dies between sending it and
saying so.
"""
from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.community.keys import Keys
from bot.community.refs import ChannelRef

log = logging.getLogger(__name__)
LEASE_SECONDS = 300  # a send that neither succeeded nor failed by then is tried again
FIRST_RETRY_SECONDS = 60
LAST_RETRY_SECONDS = 1800  # the backoff doubles up to this
GIVE_UP_SECONDS = 6 * 3600  # a daily question hours late is noise, not help

_TAKE = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return ids
"""


@dataclass(frozen=True)
class Parcel:
    id: str
    channel: ChannelRef
    payload: dict
    created: float  # unix seconds
    attempts: int = 0  # failed sends so far


def retry_delay(attempts: int) -> float:
    """Seconds before the next try, after `attempts` failed sends."""
    return float(min(LAST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1)))


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


class Outbox:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys
        self._take = redis.register_script(_TAKE)

    def _queue(self, platform: str) -> str:
        return self._keys.outbox(platform)

    def _entries(self, platform: str) -> str:
        return self._keys.outbox(platform) + ":entries"

    async def put(self, items: Sequence[tuple[ChannelRef, dict]], now: datetime) -> list[Parcel]:
        """Keep these posts, in this order, until they are sent; they may be taken at once."""
        stamp = now.timestamp()
        parcels = [Parcel(f"{int(stamp * 1000):014d}-{n:04d}-{uuid.uuid4().hex[:8]}", channel, payload, stamp)
                   for n, (channel, payload) in enumerate(items)]
        if not parcels:
            return []
        pipe = self._redis.pipeline(transaction=True)
        for parcel in parcels:
            self._write(pipe, parcel)
            pipe.zadd(self._queue(parcel.channel.platform), {parcel.id: stamp})
        await pipe.execute()
        return parcels

    def _write(self, pipe, parcel: Parcel) -> None:
        channel = parcel.channel
        entry = {"channel": [channel.platform, channel.workspace, channel.channel], "payload": parcel.payload,
                 "created": parcel.created, "attempts": parcel.attempts}
        pipe.hset(self._entries(channel.platform), parcel.id, json.dumps(entry))

    async def take(self, platform: str, now: datetime, limit: int = 100) -> list[Parcel]:
        """The posts of one platform that are due to be tried, oldest first, leased to this caller."""
        stamp = now.timestamp()
        ids = [_text(i) for i in await self._take(keys=[self._queue(platform)],
                                                   args=[stamp, stamp + LEASE_SECONDS, limit])]
        if not ids:
            return []
        raw = await self._redis.hmget(self._entries(platform), ids)
        parcels, lost = [], []
        for parcel_id, value in zip(ids, raw):
            if value is None:  # its entry is gone (removed by hand): nothing to send
                lost.append(parcel_id)
                continue
            entry = json.loads(_text(value))
            parcel = Parcel(parcel_id, ChannelRef(*entry["channel"]), entry["payload"], entry["created"],
                            entry["attempts"])
            if stamp - parcel.created >= GIVE_UP_SECONDS + LEASE_SECONDS:
                # never reported sent or failed: its sender keeps dying on it
                log.error("dropping a scheduled post nobody could send", extra={"entry": parcel_id})
                await self._remove(parcel)
                continue
            parcels.append(parcel)
        if lost:
            await self._redis.zrem(self._queue(platform), *lost)
        return sorted(parcels, key=lambda p: p.id)

    async def sent(self, parcel: Parcel) -> None:
        await self._remove(parcel)

    async def failed(self, parcel: Parcel, now: datetime, permanent: bool = False) -> bool:
        """Note a failed send; True when the post is dropped (it can never be sent, or it is too old)."""
        if permanent or now.timestamp() - parcel.created >= GIVE_UP_SECONDS:
            await self._remove(parcel)
            return True
        again = Parcel(parcel.id, parcel.channel, parcel.payload, parcel.created, parcel.attempts + 1)
        pipe = self._redis.pipeline(transaction=True)
        self._write(pipe, again)
        pipe.zadd(self._queue(parcel.channel.platform), {parcel.id: now.timestamp() + retry_delay(again.attempts)})
        await pipe.execute()
        return False

    async def discard(self, channel: ChannelRef, match: dict) -> int:
        """Remove the channel's waiting posts whose payload holds every item of ``match`` (a daily
        whose time has passed before it could be sent, say); returns how many were removed. One that
        a sender has taken this very moment may still go out."""
        entries = await self._redis.hgetall(self._entries(channel.platform))
        gone = []
        for parcel_id, value in entries.items():
            entry = json.loads(_text(value))
            payload = entry["payload"]
            if ChannelRef(*entry["channel"]) == channel and all(payload.get(k) == v for k, v in match.items()):
                gone.append(Parcel(_text(parcel_id), channel, payload, entry["created"]))
        for parcel in gone:
            await self._remove(parcel)
        return len(gone)

    async def pending(self, platform: str) -> int:
        return int(await self._redis.zcard(self._queue(platform)))

    async def _remove(self, parcel: Parcel) -> None:
        pipe = self._redis.pipeline(transaction=True)
        pipe.zrem(self._queue(parcel.channel.platform), parcel.id)
        pipe.hdel(self._entries(parcel.channel.platform), parcel.id)
        await pipe.execute()
