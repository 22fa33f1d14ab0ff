"""A channel's daily-question settings: when, in which zone, on which topics.

Admins change them with plain key=value words (``time=09:30
tz=Europe/Berlin days=mon-fri topics=rag,evals level=mid close=17:00``);
bad words get a refusal that names the problem instead of an exception.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.community.keys import Keys
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine.zones import zone_name
from bot.pack.models import Level

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ALIASES = {"timezone": "tz", "weekdays": "days", "topic": "topics", "enabled": "on"}
FIELDS = ("time", "tz", "days", "topics", "level", "close", "on")


@dataclass(frozen=True)
class DailySettings:
    channel: ChannelRef
    time: str = "09:00"  # local posting time, HH:MM
    tz: str = "UTC"
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    topics: tuple[str, ...] = ()  # empty = every topic
    level: str = ""  # empty = every level
    close: str = ""  # local recap time; empty = the recap comes with the next post
    enabled: bool = True

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def post_time(self) -> time:
        return _clock_time(self.time)

    @property
    def close_time(self) -> time | None:
        return _clock_time(self.close) if self.close else None

    def describe(self) -> str:
        days = ",".join(DAYS[d] for d in self.weekdays) or "no days"
        topics = ",".join(self.topics) or "all topics"
        close = f", recap at {self.close}" if self.close else ", recap with the next question"
        state = "" if self.enabled else " (paused)"
        return f"{self.time} {self.tz} on {days}; {topics}; {self.level or 'all levels'}{close}{state}"

    def to_json(self) -> str:
        data = asdict(self)
        data["channel"] = asdict(self.channel)
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str | bytes) -> "DailySettings":
        data = json.loads(raw)
        data["channel"] = ChannelRef(**data["channel"])
        data["weekdays"] = tuple(data["weekdays"])
        data["topics"] = tuple(data["topics"])
        return cls(**data)


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def parse_days(text: str) -> tuple[int, ...] | None:
    text = text.strip().lower()
    named = {"daily": range(7), "every": range(7), "all": range(7), "weekdays": range(5), "weekends": (5, 6)}
    if text in named:
        return tuple(named[text])
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        if first[:3] not in DAYS or (last and last[:3] not in DAYS):
            return None
        start, end = DAYS.index(first[:3]), DAYS.index((last or first)[:3])
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)])
    return tuple(sorted(days)) or None


def apply_changes(base: DailySettings, changes: Mapping[str, str]) -> DailySettings | Refusal:
    """The settings after ``changes``, or a refusal naming the first bad value."""
    updates: dict[str, object] = {}
    for raw_key, raw_value in changes.items():
        key = _ALIASES.get(raw_key.strip().lower(), raw_key.strip().lower())
        value = str(raw_value).strip()
        shown = safe_text(value, 40)
        if key == "time" or key == "close":
            if key == "close" and value.lower() in ("", "none", "next"):
                updates["close"] = ""
            elif not _HHMM.match(value):
                return Refusal(f"`{shown}` is not a time; use HH:MM on a 24-hour clock, e.g. 09:30.")
            else:
                updates[key] = _clock_time(value).strftime("%H:%M")
        elif key == "tz":
            value = zone_name(value) or value
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                return Refusal(f"`{shown}` is not a time zone I know; use a name like Europe/Berlin.")
            updates["tz"] = value
        elif key == "days":
            days = parse_days(value)
            if days is None:
                return Refusal(f"`{shown}` is not a list of days; try mon-fri, mon,wed,fri or daily.")
            updates["weekdays"] = days
        elif key == "topics":
            topics = tuple(t.strip().lower() for t in value.split(",") if t.strip() and t.strip().lower() != "all")
            bad = [t for t in topics if not _SLUG.match(t)]
            if bad:
                return Refusal(f"`{safe_text(bad[0], 40)}` is not a topic name (lower-case words with dashes).")
            updates["topics"] = topics
        elif key == "level":
            level = "" if value.lower() in ("", "all", "any") else value.lower()
            if level and level not in {lv.value for lv in Level}:
                return Refusal(f"`{shown}` is not a level; use junior, mid, senior or all.")
            updates["level"] = level
        elif key == "on":
            updates["enabled"] = value.lower() in ("1", "true", "yes", "on")
        elif key == "off":
            updates["enabled"] = value.lower() not in ("1", "true", "yes", "on", "")
        else:
            return Refusal(f"I don't know the setting `{safe_text(raw_key, 30)}`; use one of {', '.join(FIELDS)}.")
    return replace(base, **updates)


class SettingsStore:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def get(self, channel: ChannelRef) -> DailySettings | None:
        raw = await self._redis.get(self._keys.settings(channel.id))
        return DailySettings.from_json(raw) if raw else None

    async def put(self, settings: DailySettings) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._keys.settings(settings.channel.id), settings.to_json())
            pipe.sadd(self._keys.channels(), settings.channel.id)
            await pipe.execute()

    async def all(self) -> list[DailySettings]:
        ids = sorted(m.decode() if isinstance(m, bytes) else m for m in await self._redis.smembers(self._keys.channels()))
        if not ids:
            return []
        # one round trip for every channel: each replica runs this every minute
        raws = await self._redis.mget([self._keys.settings(channel_id) for channel_id in ids])
        return [DailySettings.from_json(raw) for raw in raws if raw]
