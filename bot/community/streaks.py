"""Streaks in each person's own time zone, with one automatic freeze a week.

A day counts when the person has a graded daily answer on that local date.
A missed day is bridged by a freeze, at most one per ISO week; a second
missed day in the same week ends the streak. Bridged days keep the streak
alive but do not add to it. Today never breaks a streak: the day is not
over yet.

The streak is recomputed from the stored active dates, walking forward, so
the freeze is spent on the first miss of a week as it would be in real life.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.community.clock import require_aware, zone_name
from bot.community.keys import Keys
from bot.community.refs import Refusal, safe_text
from bot.engine.events import UserRef

DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class StreakInfo:
    current: int = 0
    best: int = 0
    active_today: bool = False
    frozen_days: tuple[date, ...] = field(default=())  # misses bridged in the current streak
    freeze_left_this_week: bool = True
    today: date | None = None


def compute_streak(active: set[date], today: date) -> StreakInfo:
    if not active:
        return StreakInfo(today=today)
    current = best = 0
    frozen: list[date] = []
    freeze_weeks: set[tuple[int, int]] = set()
    day = min(active)
    while day <= today:
        week = day.isocalendar()[:2]
        if day in active:
            current += 1
        elif day == today:
            pass
        elif current and week not in freeze_weeks:
            freeze_weeks.add(week)
            frozen.append(day)
        else:
            current, frozen = 0, []
        best = max(best, current)
        day += timedelta(days=1)
    return StreakInfo(
        current=current,
        best=best,
        active_today=today in active,
        frozen_days=tuple(frozen),
        freeze_left_this_week=today.isocalendar()[:2] not in freeze_weeks,
        today=today,
    )


def zone_of(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


class Streaks:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def timezone(self, user: UserRef) -> str:
        raw = await self._redis.get(self._keys.user(user, "tz"))
        return raw.decode() if isinstance(raw, bytes) else (raw or DEFAULT_TZ)

    async def set_timezone(self, user: UserRef, name: str) -> str | Refusal:
        name = zone_name(name) or name.strip()
        if zone_of(name) is None:
            return Refusal(f"`{safe_text(name, 40)}` is not a time zone I know; use a name like America/New_York.")
        await self._redis.set(self._keys.user(user, "tz"), name)
        return name

    async def local_date(self, user: UserRef, now: datetime) -> date:
        zone = zone_of(await self.timezone(user)) or ZoneInfo(DEFAULT_TZ)
        return require_aware(now).astimezone(zone).date()

    async def record(self, user: UserRef, now: datetime) -> StreakInfo:
        today = await self.local_date(user, now)
        await self._redis.zadd(self._keys.user(user, "days"), {today.isoformat(): today.toordinal()})
        return await self._compute(user, today)

    async def streak(self, user: UserRef, now: datetime) -> StreakInfo:
        return await self._compute(user, await self.local_date(user, now))

    async def _compute(self, user: UserRef, today: date) -> StreakInfo:
        raw = await self._redis.zrange(self._keys.user(user, "days"), 0, -1)
        days = {date.fromisoformat(d.decode() if isinstance(d, bytes) else d) for d in raw}
        return compute_streak(days, today)
