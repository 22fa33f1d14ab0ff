"""Leaderboards per group: this week, all time, and most improved.

Points live in Redis sorted sets. The week's board is keyed by ISO week (UTC),
so a new week starts empty on its own even if no replica ran the reset; the
weekly reset then renames last week's board to its archive key and returns it
as data to post, once across replicas: the rename is the claim (a script that
moves the board only if it is still there), so a replica that dies halfway
leaves the remaining groups to the next tick of any replica, and a marker per
week stops the check once a pass has finished.

Most improved compares a person's average grade this week with their average
over the four weeks before, so the people who always score highest do not
always win; people with no earlier answers are not on it.

Equal points rank in the order people reached them (a companion sorted set per
board keeps when each person's points last changed), then by name; equal
rises on most improved by name.

A board lists the people who earned something in its period: an answer that
earned no points still puts its author in the week's set (most improved reads
who answered from it), but not on the points boards; a rise that shows as 0
(under 0.005) is no rise. A board with nobody on it has no rows, and the
service says so in words.

A board shows its first rows (ten); it also says how many more people share
its last row's value (`more_tied`), and, for the person who asked when they are
not among the rows, their own row with their rank (`asker`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from bot.community.keys import Keys
from bot.community.refs import safe_text
from bot.engine.events import UserRef

BoardKind = Literal["week", "all", "improved"]
WEEK_TTL = 9 * 7 * 24 * 3600  # long enough for the improved board's four-week look-back
ARCHIVE_TTL = 400 * 24 * 3600
LOOKBACK_WEEKS = 4


def iso_week(now: datetime) -> str:
    year, week, _ = now.astimezone(timezone.utc).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: str
    name: str
    value: float  # points, or for "improved" the rise in average grade


@dataclass(frozen=True)
class Board:
    group_id: str
    kind: str
    week: str
    rows: tuple[BoardRow, ...]
    compared: int = 0  # most improved: this week's people with an earlier week to compare with
    more_tied: int = 0  # people beyond the rows with the same value as the last row
    asker: BoardRow | None = None  # the asker's own row, when they are on the board but not in its rows


# Move a week's board (and when each reached their points) to its archive if it is still there;
# 1 for the one caller that moved it.
_ARCHIVE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('RENAME', KEYS[3], KEYS[4])
  redis.call('EXPIRE', KEYS[4], ARGV[1])
end
return 1
"""


def _text(raw) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


class Leaderboards:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys
        self._archive = redis.register_script(_ARCHIVE)

    async def set_name(self, user: UserRef, name: str) -> None:
        if name.strip():
            await self._redis.set(self._keys.user(user, "name"), safe_text(name, 40))

    async def add_points(self, group_ids: Iterable[str], user: UserRef, points: int, now: datetime) -> None:
        week, stamp = iso_week(now), now.timestamp()
        async with self._redis.pipeline(transaction=True) as pipe:
            for gid in group_ids:
                pipe.sadd(self._keys.groups(), gid)
                for key, ttl in ((self._keys.board_all(gid), None), (self._keys.board_week(gid, week), WEEK_TTL)):
                    pipe.zincrby(key, points, user.id)
                    # an unchanged score (0 points added) was reached earlier, unless they are new here
                    pipe.zadd(self._keys.board_reached(key), {user.id: stamp}, nx=not points)
                    if ttl:
                        pipe.expire(key, ttl)
                        pipe.expire(self._keys.board_reached(key), ttl)
            await pipe.execute()

    async def add_grade(self, user: UserRef, score: float, now: datetime, replaces: float | None = None,
                        daily: str = "") -> None:
        """Count a grade in the week's average; a better retry replaces its first try, in the week that
        try was counted in (a daily still open after the week turned: Sunday's try, Monday's retry).
        ``daily`` names the daily question the grade is for, so its retries find that week."""
        key, week = self._keys.user(user, "weeks"), iso_week(now)
        counted_in = f"daily:{daily}"
        if replaces is not None and daily:
            week = _text(await self._redis.hget(key, counted_in) or week.encode())
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hincrbyfloat(key, f"{week}:sum", score - (replaces or 0.0))
            if replaces is None:
                pipe.hincrby(key, f"{week}:n", 1)
                if daily:
                    pipe.hset(key, counted_in, week)
            pipe.expire(key, WEEK_TTL)
            await pipe.execute()

    async def board(self, group_id: str, kind: BoardKind, now: datetime, limit: int = 10,
                    asker: UserRef | None = None) -> Board:
        week = iso_week(now)
        compared = 0
        key = self._keys.board_all(group_id) if kind == "all" else self._keys.board_week(group_id, week)
        if kind == "improved":
            scored, compared = await self._improved(group_id, now)
        else:
            scored = await self._top(key, limit)
        shown = scored[:limit]
        more_tied = _tied_beyond(scored, limit)
        own = None
        if asker is not None and asker.id not in {uid for uid, _ in shown}:
            own = (self._ranked_in(scored, asker.id) if kind == "improved"
                   else await self._rank_of(key, asker.id))
        return Board(group_id, kind, week, await self._rows(shown), compared, more_tied,
                     await self._row(*own) if own else None)

    async def _top(self, key: str, limit: int) -> list[tuple[str, float]]:
        """The board's first ``limit`` of those with points, and everyone tied with the last of them;
        equal points in the order people reached them (then by name)."""
        top = await self._redis.zrevrangebyscore(key, "+inf", "(0", start=0, num=limit, withscores=True)
        if not top:
            return []
        # everyone tied with the last place shown competes for it, not just the first by member id
        tied = await self._redis.zrevrangebyscore(key, "+inf", top[-1][1], withscores=True)
        return await self._in_order(key, [(_text(m), s) for m, s in tied])

    async def _in_order(self, key: str, scored: list[tuple[str, float]]) -> list[tuple[str, float]]:
        reached = await self._redis.zmscore(self._keys.board_reached(key), [uid for uid, _ in scored])
        names = await self._names([uid for uid, _ in scored])
        order = sorted(zip(scored, reached, names), key=lambda x: (-x[0][1], x[1] is None, x[1] or 0, x[2]))
        return [entry for entry, _, _ in order]

    async def _rank_of(self, key: str, user_id: str) -> tuple[int, str, float] | None:
        """(rank, user id, points) of one person on a points board, ranked as the rows are; None without points."""
        points = await self._redis.zscore(key, user_id)
        if not points or points <= 0:
            return None
        ahead = await self._redis.zcount(key, f"({points}", "+inf")
        level = await self._redis.zrevrangebyscore(key, points, points, withscores=True)
        tied = await self._in_order(key, [(_text(m), s) for m, s in level])
        return ahead + [uid for uid, _ in tied].index(user_id) + 1, user_id, points

    @staticmethod
    def _ranked_in(scored: list[tuple[str, float]], user_id: str) -> tuple[int, str, float] | None:
        return next(((n, uid, value) for n, (uid, value) in enumerate(scored, start=1) if uid == user_id), None)

    async def _row(self, rank: int, user_id: str, value: float) -> BoardRow:
        [name] = await self._names([user_id])
        return BoardRow(rank, user_id, name, value)

    async def points_of(self, group_ids: Iterable[str], user: UserRef, now: datetime) -> tuple[int, int]:
        """The person's points this week and all time, summed over these groups' boards."""
        week = iso_week(now)
        async with self._redis.pipeline(transaction=False) as pipe:
            for gid in group_ids:
                pipe.zscore(self._keys.board_week(gid, week), user.id)
                pipe.zscore(self._keys.board_all(gid), user.id)
            found = [float(v or 0) for v in await pipe.execute()]
        return int(sum(found[0::2])), int(sum(found[1::2]))

    async def archived(self, group_id: str, week: str, limit: int = 10) -> Board:
        scored = await self._top(self._keys.board_archive(group_id, week), limit)
        shown = scored[:limit]
        more_tied = _tied_beyond(scored, limit)
        return Board(group_id, "archive", week, await self._rows(shown), more_tied=more_tied)

    async def weekly_reset(self, now: datetime, limit: int = 10, platform: str | None = None) -> list[Board]:
        """Archive last week's boards and return them, on one replica only (per platform, when given:
        each platform's bot posts its own groups' boards)."""
        last = iso_week(now - timedelta(days=7))
        scope = f"{platform}:" if platform else ""
        done = self._keys.lease(f"weekly:{scope}{last}")
        if await self._redis.exists(done):
            return []
        archived = []
        for gid in sorted(_text(g) for g in await self._redis.smembers(self._keys.groups())):
            if platform and not gid.startswith(f"{platform}:"):
                continue
            source, target = self._keys.board_week(gid, last), self._keys.board_archive(gid, last)
            moved = [source, target, self._keys.board_reached(source), self._keys.board_reached(target)]
            if await self._archive(keys=moved, args=[ARCHIVE_TTL]):
                archived.append(await self.archived(gid, last, limit))
        await self._redis.set(done, "1", px=8 * 24 * 3600 * 1000)
        return archived

    async def _improved(self, group_id: str, now: datetime) -> tuple[list[tuple[str, float]], int]:
        """The rises, best first, and how many of this week's people had an earlier week to compare with."""
        week = iso_week(now)
        earlier = [iso_week(now - timedelta(weeks=i)) for i in range(1, LOOKBACK_WEEKS + 1)]
        members = [_text(m) for m in await self._redis.zrange(self._keys.board_week(group_id, week), 0, -1)]
        rises, compared = [], 0
        for uid in members:
            fields = [f"{w}:{part}" for w in [week, *earlier] for part in ("sum", "n")]
            values = [float(v or 0) for v in await self._redis.hmget(self._keys.user_by_id(uid, "weeks"), fields)]
            sums, counts = values[0::2], values[1::2]
            if counts[0] and sum(counts[1:]):
                compared += 1
                rise = round(sums[0] / counts[0] - sum(sums[1:]) / sum(counts[1:]), 2)
                if rise > 0:  # as shown: a float's 1e-15 over an equal average would be listed as 0
                    rises.append((uid, rise))
        names = dict(zip(members, await self._names(members)))
        return sorted(rises, key=lambda r: (-r[1], names[r[0]])), compared

    async def _names(self, user_ids: list[str]) -> list[str]:
        if not user_ids:
            return []
        names = await self._redis.mget([self._keys.user_by_id(uid, "name") for uid in user_ids])
        return [_text(name) if name else safe_text(uid.rsplit(":", 1)[-1], 40) for uid, name in zip(user_ids, names)]

    async def _rows(self, scored: list[tuple[str, float]]) -> tuple[BoardRow, ...]:
        names = await self._names([uid for uid, _ in scored])
        return tuple(
            BoardRow(rank, uid, name, value)
            for rank, ((uid, value), name) in enumerate(zip(scored, names), start=1)
        )


def _tied_beyond(scored: list[tuple[str, float]], limit: int) -> int:
    """How many people beyond a board's first `limit` rows share the value of its last row."""
    return sum(1 for _, value in scored[limit:] if value == scored[limit - 1][1])
