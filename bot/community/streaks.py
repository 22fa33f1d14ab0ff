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

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.community.clock import require_aware
from bot.community.keys import Keys
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine.events import UserRef
from bot.engine.zones import zone_name

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


def zone_of(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# Abbreviations people type for a zone, and a city's zone to use instead: the tz database has EST and
# MST only as fixed offsets with no daylight saving (EST is UTC-5 all year), and the rest not at all.
_ABBREVIATIONS = {
    "est": "America/New_York", "edt": "America/New_York", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "akst": "America/Anchorage", "bst": "Europe/London", "cest": "Europe/Berlin", "ist": "Asia/Kolkata",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "jst": "Asia/Tokyo",
}
# A city whose standard time is each UTC offset (hours, minutes), to suggest for "UTC+5" and the like.
_CITY_AT_OFFSET = {
    (-10, 0): "Pacific/Honolulu", (-9, 0): "America/Anchorage", (-8, 0): "America/Los_Angeles",
    (-7, 0): "America/Denver", (-6, 0): "America/Chicago", (-5, 0): "America/New_York", (-4, 0): "America/Halifax",
    (-3, -30): "America/St_Johns", (-3, 0): "America/Sao_Paulo", (-1, 0): "Atlantic/Azores", (0, 0): "Europe/London",
    (1, 0): "Europe/Berlin", (2, 0): "Europe/Athens", (3, 0): "Europe/Istanbul", (3, 30): "Asia/Tehran",
    (4, 0): "Asia/Dubai", (4, 30): "Asia/Kabul", (5, 0): "Asia/Karachi", (5, 30): "Asia/Kolkata",
    (5, 45): "Asia/Kathmandu", (6, 0): "Asia/Dhaka", (6, 30): "Asia/Yangon", (7, 0): "Asia/Bangkok",
    (8, 0): "Asia/Singapore", (9, 0): "Asia/Tokyo", (9, 30): "Australia/Adelaide", (10, 0): "Australia/Brisbane",
    (11, 0): "Pacific/Noumea", (12, 0): "Pacific/Auckland", (13, 0): "Pacific/Tongatapu", (14, 0): "Pacific/Kiritimati",
}
_OFFSET = re.compile(r"^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def unknown_zone(typed: str) -> str:
    """Why a time zone was not taken, and what to type instead: a UTC offset gets its Etc/GMT name
    (whose sign the tz database inverts) and a city at that offset; an abbreviation gets its city."""
    shown = f"`{safe_text(typed, 40)}`"
    city = _ABBREVIATIONS.get(typed.strip().lower())
    if city:
        return (f"{shown} is not a time zone I know. For that zone use `timezone {city}`: "
                "a city's zone follows its daylight saving.")
    offset = _OFFSET.match(typed.strip())
    if offset is None:
        return (f"{shown} is not a time zone I know. Use a tz database name, a region and a city, "
                "like `timezone Europe/Berlin` or `timezone Asia/Kolkata`.")
    sign = -1 if offset.group(1) == "-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    if hours == minutes == 0:
        return f"{shown} is not a time zone I know; for UTC itself use `timezone UTC`."
    city = _CITY_AT_OFFSET.get((sign * hours, sign * minutes))
    example = f"`timezone {city}`" if city else "`timezone Europe/Berlin`"
    nearest = (f"a city in your zone, like {example} (a city's zone follows daylight saving where there is one)"
               if city else f"a city in your zone, a region and a city like {example}")
    if minutes or not -12 <= sign * hours <= 14:  # the tz database has Etc/GMT+12 to Etc/GMT-14, whole hours
        return f"{shown} is not a time zone I know. Use {nearest}."
    etc = f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
    return (f"{shown} is not a time zone I know. Use {nearest}; or, for UTC{'+' if sign > 0 else '-'}{hours} "
            f"all year, `timezone {etc}` (the tz database inverts the sign: {etc} is UTC"
            f"{'+' if sign > 0 else '-'}{hours}).")


def fixed_offset_note(name: str) -> str:
    """For a zone taken that is a US abbreviation kept as a fixed offset (EST): it ignores daylight
    saving, so say which city's zone does not; "" for any other zone."""
    city = _ABBREVIATIONS.get(name.strip().lower())
    zone = zone_of(name)
    if city is None or zone is None:
        return ""
    hours = zone.utcoffset(datetime(2025, 1, 1)).total_seconds() / 3600
    return (f" Note that {safe_text(name, 10)} is UTC{hours:+g} all year, without daylight saving; "
            f"for {city.rsplit('/', 1)[-1].replace('_', ' ')}'s clocks use `timezone {city}`.")


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
