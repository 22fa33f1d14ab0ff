"""Streaks of dailies answered, in days of each person's own time zone, with one freeze a week.

A daily belongs to the person's local date on which it was posted (its post
time read in their zone), whenever they answer it: an answer the next morning
before the daily closes, or a better retry, counts for the daily's day, not a
day of its own. A day counts when they answered a daily of that day. A day on
which a daily was posted in one of their channels (from their first answer
there on) and they answered none is a miss; a day with no daily (a mon-fri
channel's weekend) is no miss, and a daily still open never breaks a streak:
it can still be answered. A miss is bridged by a freeze, at most one per ISO
week; a second miss in the same week ends the streak. Bridged days keep the
streak alive but do not add to it.

The streak is recomputed from what is stored, walking forward, so the freeze
is spent on the first miss of a week, as it would be in real life.

Before dailies were counted so, the days a person sent an answer were kept
under ``user:{id}:days``, and every calendar day was a day to miss. Those days
still count, by that rule, up to the first daily counted the new way, so a
streak in progress survived the upgrade.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.community.clock import require_aware
from bot.community.keys import Keys
from bot.community.refs import ChannelRef, Refusal
from bot.engine.events import UserRef
from bot.engine.zones import unknown_zone, zone_name, zone_of

DEFAULT_TZ = "UTC"
POSTS_TTL = 800 * 24 * 3600  # a channel's post dates outlive any streak worth counting


@dataclass(frozen=True)
class StreakInfo:
    current: int = 0
    best: int = 0
    active_today: bool = False  # answered a daily of today (their local date)
    frozen_days: tuple[date, ...] = field(default=())  # misses bridged in the current streak
    freeze_left_this_week: bool = True
    today: date | None = None


def compute_streak(answered: Collection[date], posted: Collection[date] = (), pending: Collection[date] = (),
                   today: date | None = None, legacy: Collection[date] = ()) -> StreakInfo:
    """``answered``: days with a daily answered; ``posted``: days with a daily in their channels;
    ``pending``: days whose unanswered daily is still open; ``legacy``: days with an answer sent, as kept
    before dailies were counted, which count up to the first of ``answered`` with every day a day to miss."""
    answered, posted = _with_legacy(legacy, set(answered), set(posted), today)
    if not answered:
        return StreakInfo(today=today)
    current = best = 0
    frozen: list[date] = []
    freeze_weeks: set[tuple[int, int]] = set()
    first = min(answered)
    for day in sorted({*answered, *(d for d in posted if d > first)}):
        week = day.isocalendar()[:2]
        if day in answered:
            current += 1
        elif day in pending:
            continue
        elif current and week not in freeze_weeks:
            freeze_weeks.add(week)
            frozen.append(day)
        else:
            current, frozen = 0, []
        best = max(best, current)
    return StreakInfo(
        current=current,
        best=best,
        active_today=today in answered,
        frozen_days=tuple(frozen),
        freeze_left_this_week=today is None or today.isocalendar()[:2] not in freeze_weeks,
        today=today,
    )


def _with_legacy(legacy: Collection[date], answered: set[date], posted: set[date],
                 today: date | None) -> tuple[set[date], set[date]]:
    """The old days joined to the new. Before the first daily counted the new way (or today, which is not
    over yet), every calendar day from the first old day is one to miss, as the old rule had it."""
    end = min(answered) if answered else today
    old = {day for day in legacy if end is None or day < end}
    if not old:
        return answered, posted
    end = end or max(old) + timedelta(days=1)
    calendar = {min(old) + timedelta(days=n) for n in range((end - min(old)).days)}
    return answered | old, posted | calendar


def _text(raw) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


class Streaks:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def timezone(self, user: UserRef) -> str:
        raw = await self._redis.get(self._keys.user(user, "tz"))
        return _text(raw) if raw else DEFAULT_TZ

    async def set_timezone(self, user: UserRef, name: str) -> str | Refusal:
        name = zone_name(name) or name.strip()
        if zone_of(name) is None:
            return Refusal(unknown_zone(name))
        await self._redis.set(self._keys.user(user, "tz"), name)
        return name

    async def local_date(self, user: UserRef, now: datetime) -> date:
        return require_aware(now).astimezone(await self._zone(user)).date()

    async def _zone(self, user: UserRef) -> ZoneInfo:
        return zone_of(await self.timezone(user)) or ZoneInfo(DEFAULT_TZ)

    async def daily_posted(self, channel: ChannelRef, day: str, posted_at: datetime) -> None:
        """A channel's daily of ``day`` reached the channel: its members who answer none that day miss it."""
        key = self._keys.daily_posts(channel.id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {day: require_aware(posted_at).timestamp()})
            pipe.expire(key, POSTS_TTL)
            await pipe.execute()

    async def record(self, user: UserRef, channel: ChannelRef, day: str, posted_at: datetime,
                     now: datetime) -> StreakInfo:
        """Count the person's answer to the channel's daily of ``day`` (posted at ``posted_at``)."""
        await self.daily_posted(channel, day, posted_at)
        await self._redis.zadd(self._keys.user(user, "dailies"),
                               {f"{channel.id}|{day}": require_aware(posted_at).timestamp()})
        return await self.streak(user, now)

    async def streak(self, user: UserRef, now: datetime) -> StreakInfo:
        zone = await self._zone(user)

        def local(stamp: float) -> date:
            return datetime.fromtimestamp(stamp, timezone.utc).astimezone(zone).date()

        answers = [(_text(m).rsplit("|", 1), s)
                   for m, s in await self._redis.zrange(self._keys.user(user, "dailies"), 0, -1, withscores=True)]
        since: dict[str, float] = {}  # channel id -> when the first daily they answered there was posted
        for (channel_id, _), stamp in answers:
            since[channel_id] = min(stamp, since.get(channel_id, stamp))
        channel_ids = sorted(since)
        async with self._redis.pipeline(transaction=False) as pipe:
            for channel_id in channel_ids:
                pipe.zrangebyscore(self._keys.daily_posts(channel_id), since[channel_id], "+inf", withscores=True)
                pipe.get(self._keys.open_daily(channel_id))
            found = await pipe.execute()
        answered_dailies = {(channel_id, day) for (channel_id, day), _ in answers}
        posted, pending = set(), set()
        for channel_id, posts, open_day in zip(channel_ids, found[0::2], found[1::2]):
            open_day = _text(open_day) if open_day else None
            for day, stamp in posts:
                posted.add(local(stamp))
                if _text(day) == open_day and (channel_id, open_day) not in answered_dailies:
                    pending.add(local(stamp))
        answered = {local(stamp) for _, stamp in answers}
        old_key = self._keys.user(user, "days")  # written before dailies were counted: see the module's note
        legacy = {date.fromisoformat(_text(day)) for day in await self._redis.zrange(old_key, 0, -1)}
        return compute_streak(answered, posted, pending, require_aware(now).astimezone(zone).date(), legacy)
