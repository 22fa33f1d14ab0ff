"""Posts each channel's daily question once per local day, whatever the replica count.

Every replica may call ``due_posts`` each minute; a Redis lease (SET NX PX
keyed on channel, local date and zone) lets exactly one of them post. A daily
closes at the channel's close time (``due_recaps``) or, with none set, when
the next daily is posted; the recap then travels with the new post. A daily
whose post still waits in the outbox when it closes (the platform was down
all along) is taken out of it and closed without a recap: nobody saw it.

A channel posts on a local date only when its last daily went out on an
earlier one, seen in the channel's zone as it is now: moved east (Honolulu to
Tokyo) it posts no second daily on the day the last one reached, and moved
west (Tokyo to Honolulu) it skips no day, though Tokyo's 17th went out on
Honolulu's 16th; that new daily is named "2026-11-17 HST", as Tokyo's daily
keeps its date.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.community.clock import Clock, SystemClock, require_aware
from bot.community.daily import DailyBook, DailyRecap, DailyRecord
from bot.community.keys import DEFAULT_PREFIX, Keys
from bot.community.outbox import Outbox
from bot.community.pool import PoolQuestion, TeamQuestions, bank_pool, draw, unmatched
from bot.community.refs import ChannelRef, Refusal
from bot.community.settings import DailySettings, SettingsStore
from bot.pack.models import Question

log = logging.getLogger(__name__)
LEASE_MS = 48 * 3600 * 1000  # outlives the local day in every zone
UNSENT_DAILY = "DailyQuestionReply"  # the kind bot/service/scheduled_posts.py gives a daily's outbox entry


@dataclass(frozen=True)
class DailyPost:
    channel: ChannelRef
    date: str  # the channel's local date
    question: PoolQuestion | None  # None: nothing in the pool matches the settings
    close_at: str = ""  # ISO datetime, "" = closes with the next post
    recap: DailyRecap | None = None  # the previous daily's recap: post it first
    notice: str = ""  # why there is no question, for the channel's admins


class DailyScheduler:
    def __init__(self, redis, pack_questions: Sequence[Question], clock: Clock | None = None,
                 prefix: str = DEFAULT_PREFIX) -> None:
        keys = Keys(prefix)
        self._redis = redis
        self._keys = keys
        self._questions = list(pack_questions)
        self._clock = clock or SystemClock()
        self.settings = SettingsStore(redis, keys)
        self.team = TeamQuestions(redis, keys)
        self.book = DailyBook(redis, keys)
        self.outbox = Outbox(redis, keys)  # scheduled posts until they are sent

    async def _channels(self, platform: str | None) -> list[DailySettings]:
        # each platform's bot posts its own channels: a Slack replica must not take Discord's lease
        return [s for s in await self.settings.all() if platform is None or s.channel.platform == platform]

    async def change_settings(self, base: DailySettings, updated: DailySettings,
                              now: datetime | None = None) -> DailySettings | Refusal:
        """Store an admin's new settings, unless their topics and level match no question, and apply
        them to the daily that is open now."""
        if (updated.topics, updated.level) != (base.topics, base.level):
            refusal = unmatched(self._questions, updated, await self.team.list(updated.channel))
            if refusal is not None:
                return refusal
        await self.settings.put(updated)
        await self._reclose_open(base, updated, require_aware(now or self._clock.now()))
        return updated

    async def _reclose_open(self, base: DailySettings, updated: DailySettings, now: datetime) -> None:
        """A new close time (or zone) holds for today's daily too, as `daily` then shows it; removing
        it leaves the daily open until the next post. Paused, a daily with no close time would stay
        open (and answerable) until the channel is on again, so it closes now, recap and all."""
        day = await self.book.open_day(updated.channel)
        record = await self.book.get(updated.channel, day) if day else None
        if record is None or record.closed:
            return
        close_at = record.close_at
        if (updated.close, updated.tz) != (base.close, base.tz):
            close_at = _first_close_after(updated, datetime.fromisoformat(record.posted_at))
        if not updated.enabled and not close_at:
            close_at = now.isoformat()
        if close_at != record.close_at:
            current = await self.book.get(record.channel, record.date) or record  # keep a new thread
            await self.book.save(replace(current, close_at=close_at))

    async def due_posts(self, now: datetime | None = None, platform: str | None = None) -> list[DailyPost]:
        now = require_aware(now or self._clock.now())
        posts = []
        for settings in await self._channels(platform):
            post = await self._post_if_due(settings, now)
            if post is not None:
                posts.append(post)
        return posts

    async def due_recaps(self, now: datetime | None = None, platform: str | None = None) -> list[DailyRecap]:
        now = require_aware(now or self._clock.now())
        recaps = []
        for settings in await self._channels(platform):
            day = await self.book.open_day(settings.channel)
            record = await self.book.get(settings.channel, day) if day else None
            if record and record.close_at and now >= datetime.fromisoformat(record.close_at):
                recap = await self._close(record, now)
                if recap is not None:
                    recaps.append(recap)
        return recaps

    async def pool(self, settings: DailySettings) -> list[PoolQuestion]:
        return bank_pool(self._questions, settings) + await self.team.list(settings.channel)

    async def _post_if_due(self, settings: DailySettings, now: datetime) -> DailyPost | None:
        if not settings.enabled:
            return None
        zone = settings.zone
        local = now.astimezone(zone)
        if local.weekday() not in settings.weekdays:
            return None
        post_at = datetime.combine(local.date(), settings.post_time, tzinfo=zone)
        close_at = _close_at(settings, post_at)
        # too late today: a replica that was down all day must not post after the recap time
        if now < post_at or (close_at and now >= close_at):
            return None
        if await self._posted_on(settings, local.date()):
            return None
        lease = self._keys.lease(f"post:{settings.channel.id}:{local.date().isoformat()}:{settings.tz}")
        if not await self._redis.set(lease, now.isoformat(), nx=True, px=LEASE_MS):
            return None
        await self._redis.set(self._keys.last_post(settings.channel.id), now.isoformat())
        day = await self._label(settings.channel, local)
        if day is None:
            return None
        recap = await self._close_previous(settings.channel, day, now)
        question = await draw(self._redis, self._keys, settings.channel, await self.pool(settings),
                              seed=f"{settings.channel.id}:{day}")
        if question is None:
            return DailyPost(settings.channel, day, None, recap=recap,
                             notice=f"No daily today: no question matches {settings.describe()}.")
        record = DailyRecord(settings.channel, day, question, now.isoformat(),
                             close_at.isoformat() if close_at else "")
        await self.book.save(record)
        await self._redis.set(self._keys.open_daily(settings.channel.id), day)
        return DailyPost(settings.channel, day, question, record.close_at, recap)

    async def _posted_on(self, settings: DailySettings, today: date) -> bool:
        """Whether the channel's last daily went out on ``today`` (or later), in its zone as it is now."""
        raw = await self._redis.get(self._keys.last_post(settings.channel.id))
        last = raw.decode() if isinstance(raw, bytes) else raw
        if not last:
            return False
        if len(last) == len("2025-03-03"):  # kept before posts kept their time: the label of its day
            return last >= today.isoformat()  # ISO dates sort as strings
        return datetime.fromisoformat(last).astimezone(settings.zone).date() >= today

    async def _label(self, channel: ChannelRef, local: datetime) -> str | None:
        """The new daily's name: its local date, unless a daily before a move west already has it (Tokyo's
        17th went out on Honolulu's 16th); then the zone's abbreviation tells the two apart. None: both
        are taken."""
        for day in (local.date().isoformat(), f"{local.date().isoformat()} {local.tzname()}"):
            if await self.book.get(channel, day) is None:
                return day
        return None

    async def _close_previous(self, channel: ChannelRef, day: str, now: datetime) -> DailyRecap | None:
        previous = await self.book.open_day(channel)
        if not previous or previous == day:
            return None
        record = await self.book.get(channel, previous)
        return await self._close(record, now) if record else None

    async def _close(self, record: DailyRecord, now: datetime) -> DailyRecap | None:
        """Close a daily with its recap; one whose post still waits in the outbox (the platform was
        down until now) is taken out of it and closed without one: nobody has seen the question."""
        async def unseen() -> bool:
            if not await self.outbox.discard(record.channel, {"kind": UNSENT_DAILY, "date": record.date}):
                return False
            log.warning("daily closed before it could be posted: withdrawn", extra={"channel": record.channel.id})
            return True
        return await self.book.close(record, now, unseen=unseen)


def _first_close_after(settings: DailySettings, posted: datetime) -> str:
    """The settings' close time first reached after ``posted``, ISO; "" without one."""
    close = settings.close_time
    if close is None:
        return ""
    local = posted.astimezone(settings.zone)
    at = datetime.combine(local.date(), close, tzinfo=settings.zone)
    return (at if at > local else at + timedelta(days=1)).isoformat()


def _close_at(settings: DailySettings, post_at: datetime) -> datetime | None:
    close = settings.close_time
    if close is None:
        return None
    at = datetime.combine(post_at.date(), close, tzinfo=post_at.tzinfo)
    return at if at > post_at else datetime.combine(post_at.date() + timedelta(days=1), close, tzinfo=post_at.tzinfo)
