"""One day's question in one channel: its record, its answers and its recap.

One graded answer per person per daily. A second answer replaces the first
only when it scores higher as feedback shows it, to one decimal (so retrying
is worth it, points never drop, and an 8.04 after an 8.0 is not a rise nobody
can see); otherwise it is refused and the first grade stands. The
compare-and-set is a Lua script, so two replicas grading the same person at
once cannot both win. It also notes the order in which people reached their
best score, so the recap's equal scores go to who got there first, as on the
boards.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from bot.community.keys import Keys
from bot.community.leaderboard import BoardRow
from bot.community.points import shown
from bot.community.pool import PoolQuestion
from bot.community.refs import ChannelRef, safe_text
from bot.engine.events import UserRef

DAILY_TTL = 60 * 24 * 3600
# KEYS: the daily's scores, and when (in order) each person reached theirs.
# ARGV: user id, score, ttl, the score as shown (one decimal): the shown scores are compared.
_KEEP_BETTER = """
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
if old and tonumber(string.format('%.1f', tonumber(old))) >= tonumber(ARGV[4]) then return {0, old} end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
local last = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
redis.call('ZADD', KEYS[2], (tonumber(last[2]) or 0) + 1, ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return {1, old or ''}
"""


@dataclass(frozen=True)
class DailyRecord:
    channel: ChannelRef
    date: str  # the channel's local date, ISO
    question: PoolQuestion
    posted_at: str  # ISO datetime (UTC)
    close_at: str = ""  # ISO datetime, or "" = closes when the next daily is posted
    thread: str = ""
    closed: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str | bytes) -> "DailyRecord":
        data = json.loads(raw)
        data["channel"] = ChannelRef(**data["channel"])
        data["question"] = PoolQuestion(**data["question"])
        return cls(**data)


@dataclass(frozen=True)
class DailyRecap:
    channel: ChannelRef
    date: str
    question_id: str
    question: str
    model_answer: str
    spoiler: bool  # always True: the adapter hides the model answer behind its own spoiler markup
    answered: int
    top: tuple[BoardRow, ...]  # value = the grade, 0-10
    thread: str = ""


class DailyBook:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys
        self._keep_better = redis.register_script(_KEEP_BETTER)

    async def save(self, record: DailyRecord) -> None:
        await self._redis.set(self._keys.daily(record.channel.id, record.date), record.to_json(), ex=DAILY_TTL)

    async def get(self, channel: ChannelRef, day: str) -> DailyRecord | None:
        raw = await self._redis.get(self._keys.daily(channel.id, day))
        return DailyRecord.from_json(raw) if raw else None

    async def open_day(self, channel: ChannelRef) -> str | None:
        raw = await self._redis.get(self._keys.open_daily(channel.id))
        return raw.decode() if isinstance(raw, bytes) else raw

    async def attach_thread(self, channel: ChannelRef, day: str, thread: str) -> DailyRecord | None:
        record = await self.get(channel, day)
        if record is None:
            return None
        record = replace(record, thread=thread)
        await self.save(record)
        await self._redis.set(self._keys.thread(channel.id, thread), day, ex=DAILY_TTL)
        return record

    async def for_thread(self, channel: ChannelRef, thread: str) -> DailyRecord | None:
        day = await self._redis.get(self._keys.thread(channel.id, thread))
        return await self.get(channel, day.decode() if isinstance(day, bytes) else day) if day else None

    async def keep_better(self, channel: ChannelRef, day: str, user: UserRef, score: float) -> tuple[bool, float | None]:
        """(accepted, previous score) after offering ``score`` for the person's answer."""
        key = self._keys.daily_scores(channel.id, day)
        accepted, old = await self._keep_better(keys=[key, self._keys.board_reached(key)],
                                                args=[user.id, score, DAILY_TTL, f"{float(score):.1f}"])
        old = _text(old)
        return bool(accepted), (float(old) if old not in ("", None) else None)

    async def swap_points(self, channel: ChannelRef, day: str, user: UserRef, points: int) -> int:
        """Store the points this daily gives the person; return the change to add to boards."""
        key = self._keys.daily_points(channel.id, day)
        old = await self._redis.zscore(key, user.id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {user.id: points})
            pipe.expire(key, DAILY_TTL)
            await pipe.execute()
        return points - int(old or 0)

    async def count_answer(self, channel: ChannelRef, day: str, user: UserRef) -> None:
        """The person's answer made the bar for points: the recap counts them as having answered."""
        key = self._keys.daily_counted(channel.id, day)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {user.id: 1})
            pipe.expire(key, DAILY_TTL)
            await pipe.execute()

    async def earned_before(self, channel: ChannelRef, question_id: str, day: str, user: UserRef) -> str:
        """The date of an earlier daily of ``question_id`` in this channel that earned the person points,
        or "": the first to earn is kept (HSETNX), so points for one question are paid once."""
        key = self._keys.user(user, "earned")
        field = f"{channel.id}|{question_id}"
        if await self._redis.hsetnx(key, field, day):
            return ""
        first = _text(await self._redis.hget(key, field))
        return "" if first == day else first

    async def close(self, record: DailyRecord, now: datetime, top: int = 3,
                    unseen: Callable[[], Awaitable[bool]] | None = None) -> DailyRecap | None:
        """Close the daily and build its recap, once across replicas. When ``unseen()`` says its post
        never went out, it is closed without a recap: a recap of a question nobody saw teaches nothing."""
        lease = self._keys.lease(f"close:{record.channel.id}:{record.date}")
        if not await self._redis.set(lease, now.isoformat(), nx=True, ex=DAILY_TTL):
            return None
        await self._mark_closed(record)
        if unseen is not None and await unseen():
            return None
        return await self.recap(record, top)

    async def withdraw(self, record: DailyRecord, now: datetime) -> None:
        """Close a daily nobody saw (its post could never be sent) without a recap: taking the close
        lease first means no replica will recap it either."""
        await self._redis.set(self._keys.lease(f"close:{record.channel.id}:{record.date}"), now.isoformat(),
                              ex=DAILY_TTL)
        await self._mark_closed(record)

    async def _mark_closed(self, record: DailyRecord) -> None:
        current = await self.get(record.channel, record.date) or record  # its thread may be newer
        await self.save(replace(current, closed=True))
        if await self.open_day(record.channel) == record.date:
            await self._redis.delete(self._keys.open_daily(record.channel.id))

    async def recap(self, record: DailyRecord, top: int = 3) -> DailyRecap:
        key = self._keys.daily_scores(record.channel.id, record.date)
        counted = await self._counted(record)
        best = await self._top(key, counted, top)
        ids = [uid for uid, _ in best]
        names = await self._redis.mget([self._keys.user_by_id(uid, "name") for uid in ids]) if ids else []
        rows = tuple(
            BoardRow(rank, uid, _name(uid, name), score)
            for rank, ((uid, score), name) in enumerate(zip(best, names), start=1)
        )
        q = record.question
        return DailyRecap(record.channel, record.date, q.id, q.text, q.reference, True, len(counted), rows,
                          record.thread)

    async def _counted(self, record: DailyRecord) -> set[str]:
        """Who answered on the bar for points; a daily answered before that was kept, by who earned points."""
        channel, day = record.channel.id, record.date
        counted = await self._redis.zrange(self._keys.daily_counted(channel, day), 0, -1)
        earned = await self._redis.zrangebyscore(self._keys.daily_points(channel, day), 1, "+inf")
        return {_text(m) for m in [*counted, *earned]}

    async def _top(self, key: str, counted: set[str], top: int) -> list[tuple[str, float]]:
        """The best ``top`` scores as shown (one decimal) of those counted; equal ones in the order
        people reached them."""
        best = [(_text(m), s) for m, s in await self._redis.zrevrange(key, 0, -1, withscores=True)
                if _text(m) in counted]
        if not best:
            return []
        # everyone whose score shows as the last place's competes for it: 6.04 shows as 6.0 too
        floor = shown(best[:top][-1][1])
        tied = [(uid, s) for uid, s in best if shown(s) >= floor]
        order = await self._redis.zmscore(self._keys.board_reached(key), [uid for uid, _ in tied])
        ranked = sorted(zip(tied, order), key=lambda x: (-shown(x[0][1]), x[1] is None, x[1] or 0, x[0][0]))
        return [entry for entry, _ in ranked][:top]


def _text(raw: str | bytes) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def _name(user_id: str, stored: str | bytes | None) -> str:
    if stored:
        return stored.decode() if isinstance(stored, bytes) else stored
    return safe_text(user_id.rsplit(":", 1)[-1], 40)
