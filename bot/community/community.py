"""The community features as one small API the engine calls for user commands.

Daily question, streaks, points, study groups and leaderboards, for Slack,
Discord and the terminal alike: every method returns data (or a ``Refusal``
with kind words), never a chat message, and takes ``now`` so tests control time.
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.community.clock import Clock, SystemClock, require_aware
from bot.community.daily import DailyRecap, DailyRecord
from bot.community.forget import forget_user, friendly
from bot.community.groups import Group, Groups, channel_group_id
from bot.community.keys import DEFAULT_PREFIX, Keys
from bot.community.leaderboard import Board, Leaderboards
from bot.community.outbox import Outbox
from bot.community.points import Points, points_for, valid_score
from bot.community.post_failures import PostFailures
from bot.community.pool import PoolQuestion
from bot.community.progress_chart import render_progress
from bot.community.refs import ChannelRef, Refusal
from bot.community.scheduler import DailyPost, DailyScheduler
from bot.community.settings import DailySettings, apply_changes
from bot.community.streaks import StreakInfo, Streaks
from bot.engine.events import Event, UserRef

ADMINS = {"slack": "a workspace admin", "discord": "a member with Manage Server"}


def admins_only(platform: str) -> str:
    return f"Only {ADMINS.get(platform, 'an admin')} can change the daily question here."
KINDS = ("week", "all", "improved")


@dataclass(frozen=True)
class AnswerResult:
    score: float  # the grade that now counts for this daily
    previous: float | None  # the earlier grade, when this was a second try
    points: Points  # what this daily is worth to the person now
    points_added: int  # the change to their boards from this answer
    streak: StreakInfo
    ok: bool = True
    counted: bool = True  # on the bar for points: it counts toward the streak and the recap's "answered"
    repeat_of: str = ""  # the date of an earlier daily of the same question that earned points


class Community:
    def __init__(self, redis, pack_questions: Sequence = (), clock: Clock | None = None,
                 prefix: str = DEFAULT_PREFIX) -> None:
        self._redis = redis
        self._keys = Keys(prefix)
        self._clock = clock or SystemClock()
        self.scheduler = DailyScheduler(redis, pack_questions, self._clock, prefix)
        self.groups = Groups(redis, self._keys)
        self.boards = Leaderboards(redis, self._keys)
        self.streaks = Streaks(redis, self._keys)
        self.outbox = Outbox(redis, self._keys)  # scheduled posts until they are sent
        self.post_failures = PostFailures(redis, self._keys)  # the last one a channel's platform refused

    def _now(self, now: datetime | None) -> datetime:
        return require_aware(now or self._clock.now())

    # daily settings (admins only)
    async def set_daily_settings(self, event: Event, changes: Mapping[str, str] | None = None) -> DailySettings | Refusal:
        if not event.is_admin:
            return Refusal(admins_only(event.key.user.platform))
        channel = ChannelRef.of(event)
        base = await self.scheduler.settings.get(channel) or DailySettings(channel)
        updated = apply_changes(base, event.args if changes is None else changes)
        if isinstance(updated, DailySettings):
            return await self.scheduler.change_settings(base, updated)
        return updated

    async def show_settings(self, channel: ChannelRef) -> DailySettings | None:
        return await self.scheduler.settings.get(channel)

    async def add_team_question(self, event: Event, qid: str, question: str, reference: str) -> PoolQuestion | Refusal:
        if not event.is_admin:
            return Refusal(admins_only(event.key.user.platform))
        return await self.scheduler.team.add(ChannelRef.of(event), qid, question, reference)

    async def team_questions(self, event: Event) -> list[PoolQuestion] | Refusal:
        """Admins only: the list shows the reference answers, which members see in recaps."""
        if not event.is_admin:
            return Refusal(admins_only(event.key.user.platform))
        return await self.scheduler.team.list(ChannelRef.of(event))

    async def remove_team_question(self, event: Event, qid: str) -> bool | Refusal:
        if not event.is_admin:
            return Refusal(admins_only(event.key.user.platform))
        return await self.scheduler.team.remove(ChannelRef.of(event), qid.strip().lower())

    # the daily's life: post, thread, answers, recap
    async def due_posts(self, now: datetime | None = None, platform: str | None = None) -> list[DailyPost]:
        return await self.scheduler.due_posts(self._now(now), platform)

    async def due_recaps(self, now: datetime | None = None, platform: str | None = None) -> list[DailyRecap]:
        return await self.scheduler.due_recaps(self._now(now), platform)

    async def daily_record(self, channel: ChannelRef, date: str) -> DailyRecord | None:
        return await self.scheduler.book.get(channel, date)

    async def attach_thread(self, channel: ChannelRef, date: str, thread: str) -> DailyRecord | None:
        record = await self.scheduler.book.attach_thread(channel, date, thread)
        if record is not None:  # it reached the channel: from now on it counts in its members' streaks
            await self.streaks.daily_posted(channel, date, datetime.fromisoformat(record.posted_at))
        return record

    async def withdraw_daily(self, channel: ChannelRef, date: str, now: datetime | None = None) -> None:
        """The daily of `date` was never posted (the platform refused it for good): no recap follows."""
        record = await self.scheduler.book.get(channel, date)
        if record is not None and not record.closed:
            await self.scheduler.book.withdraw(record, self._now(now))

    async def daily_for_thread(self, channel: ChannelRef, thread: str) -> DailyRecord | None:
        return await self.scheduler.book.for_thread(channel, thread)

    async def open_daily(self, channel: ChannelRef) -> DailyRecord | None:
        day = await self.scheduler.book.open_day(channel)
        return await self.scheduler.book.get(channel, day) if day else None

    async def record_answer(self, channel: ChannelRef, date: str, user: UserRef, score: float,
                            now: datetime | None = None, display_name: str = "",
                            made_a_point: bool = True) -> AnswerResult | Refusal:
        """Count a graded daily answer: points, streak, boards. See daily.py for the retry rule; points.py for
        `made_a_point` (no points for a grade that is all near misses)."""
        now = self._now(now)
        if not valid_score(score):
            return Refusal("That grade is outside 0-10, so I did not count it.")
        book = self.scheduler.book
        record = await book.get(channel, date)
        if record is None:
            return Refusal("I can't find that daily question; answer in the thread of today's post.")
        if record.closed:
            return Refusal("That daily question is closed; the recap is in the thread. Try the next one!")
        accepted, previous = await book.keep_better(channel, date, user, float(score))
        if not accepted:
            return Refusal(f"Your best answer so far scored {previous:.1f}; a retry counts only when it scores higher.")
        await self.boards.set_name(user, display_name)
        # the streak and the recap's "answered" count an answer on the bar points use ("ok" is not one)
        counted = points_for(float(score), 0, made_a_point).base > 0
        if counted:
            streak = await self.streaks.record(user, channel, date, datetime.fromisoformat(record.posted_at), now)
            await book.count_answer(channel, date, user)
        else:
            streak = await self.streaks.streak(user, now)
        points = points_for(float(score), streak.current, made_a_point)
        repeat_of = await book.earned_before(channel, record.question.id, date, user) if points.total else ""
        if repeat_of:  # a one-question pool asks it again: the reference the recap showed is no new points
            points = Points(0, 0)
        added = await book.swap_points(channel, date, user, points.total)
        await self.groups.add_member(channel_group_id(channel), user)
        group_ids = [channel_group_id(channel), *await self.groups.named_groups_of(user)]
        await self.boards.add_points(group_ids, user, added, now)
        await self.boards.add_grade(user, float(score), now, replaces=previous, daily=f"{channel.id}:{date}")
        return AnswerResult(float(score), previous, points, added, streak, counted=counted, repeat_of=repeat_of)

    # streaks
    async def streak(self, user: UserRef, now: datetime | None = None) -> StreakInfo:
        return await self.streaks.streak(user, self._now(now))

    async def timezone(self, user: UserRef) -> str:
        return await self.streaks.timezone(user)

    async def set_timezone(self, user: UserRef, tz: str) -> str | Refusal:
        return await self.streaks.set_timezone(user, tz)

    # study groups: anyone may create, join and leave
    async def create_group(self, user: UserRef, name: str) -> Group | Refusal:
        return await self.groups.create(user, name)

    async def join_group(self, user: UserRef, name: str) -> Group | Refusal:
        return await self.groups.join(user, name)

    async def leave_group(self, user: UserRef, name: str) -> Group | Refusal:
        return await self.groups.leave(user, name)

    async def my_groups(self, user: UserRef) -> list[str]:
        """The names of the person's named groups (not their ids, which carry platform and workspace)."""
        return [group_id.rsplit(":group:", 1)[1] for group_id in await self.groups.named_groups_of(user)]

    async def leaderboard(self, channel: ChannelRef, user: UserRef, group: str = "", kind: str = "week",
                          now: datetime | None = None, limit: int = 10) -> Board | Refusal:
        """A board of the channel's own group (``group`` empty) or of a named group in the workspace."""
        if kind not in KINDS:
            return Refusal(f"Pick a board: {', '.join(KINDS)}.")
        if group.strip():
            found = await self.groups.find(user, group)
            if found is None:
                return Refusal("There is no group by that name here.")
            group_id = found.id
        else:
            group_id = channel_group_id(channel)
        return await self.boards.board(group_id, kind, self._now(now), limit, asker=user)

    async def weekly_reset(self, now: datetime | None = None, platform: str | None = None) -> list[Board]:
        return await self.boards.weekly_reset(self._now(now), platform=platform)

    async def progress_chart(self, history: Sequence[Mapping], mastery: Mapping[str, tuple[float, int]],
                             path: str | Path | None = None) -> bytes:
        # rendering takes a few hundred milliseconds of CPU: keep it off the event loop
        return await asyncio.to_thread(render_progress, history, mastery, path)

    async def forget_user(self, user: UserRef) -> list[str]:
        """Forget a person: they leave their named groups first (the last one out deletes the group, so
        its name is free again), then every key and membership of theirs goes. Returns what was
        removed, in words."""
        left = []
        for group_id in await self.groups.named_groups_of(user):
            group = await self.groups.by_id(group_id)
            if group is not None and not isinstance(await self.groups.leave(user, group.name), Refusal):
                left.append("study groups")
        removed = [friendly(key, self._keys) for key in await forget_user(self._redis, self._keys, user)]
        return list(dict.fromkeys(left + removed))
