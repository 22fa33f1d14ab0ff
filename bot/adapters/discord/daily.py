"""The daily question on Discord: a once-a-minute task that posts what is due.

Each post gets a thread (its id is the post's id) where people answer; the
thread is attached to the daily so the coach grades answers posted there.
Several replicas may run this loop: the community layer's leases hand each
post to exactly one of them.
"""
from __future__ import annotations

import logging

import discord
from discord.ext import tasks

from bot.adapters.discord import delivery, translate
from bot.adapters.discord.embeds import to_outgoing
from bot.community.refs import ChannelRef
from bot.engine import replies as r
from bot.engine.events import Event

log = logging.getLogger(__name__)
THREAD_ARCHIVE_MINUTES = 1440


class DailyPoster:
    def __init__(self, bot: discord.Client, coach, answer_button: bool = False):
        self.bot = bot
        self.coach = coach
        self.answer_button = answer_button
        self.loop = tasks.loop(minutes=1)(self.post_due)
        self.loop.before_loop(self.bot.wait_until_ready)
        self.loop.error(self._on_error)

    def start(self) -> None:
        if self.coach.community is not None and not self.loop.is_running():
            self.loop.start()

    def stop(self) -> None:
        self.loop.cancel()

    async def _on_error(self, error: BaseException) -> None:  # keep the loop alive after a bad minute
        log.error("daily loop failed", exc_info=error)

    async def is_daily_thread(self, event: Event) -> bool:
        community = self.coach.deps.community
        if community is None:
            return False
        return await community.daily_for_thread(_ref(event), event.thread) is not None

    async def post_due(self) -> int:
        """Post every due Discord daily and recap; returns how many were posted."""
        posted = 0
        for ref, reply in await self.coach.community.due("discord"):
            if ref.platform != translate.PLATFORM:
                continue
            try:
                await self._post(ref, reply)
                posted += 1
            except discord.HTTPException:  # one broken channel must not stop the others
                log.exception("daily post failed", extra={"channel": ref.id})
        return posted

    async def _channel(self, channel_id: int):
        return self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)

    async def _post(self, ref: ChannelRef, reply: r.Reply) -> None:
        items = to_outgoing(reply, answer_button=self.answer_button)
        if isinstance(reply, r.RecapReply):
            target = await self._recap_target(ref, reply.date)
            await delivery.send(target, items)
            return
        channel = await self._channel(int(ref.channel))
        messages = await delivery.send(channel, items)
        if isinstance(reply, r.DailyQuestionReply):
            thread = await messages[-1].create_thread(name=f"Daily {reply.date} · {reply.topic}"[:100],
                                                      auto_archive_duration=THREAD_ARCHIVE_MINUTES)
            await self.coach.deps.community.attach_thread(ref, reply.date, str(thread.id))

    async def _recap_target(self, ref: ChannelRef, date: str):
        """The recap goes in the daily's thread, so the answers and the model answer sit together."""
        record = await self.coach.deps.community.daily_record(ref, date)
        if record is not None and record.thread:
            try:  # sending in an archived (unlocked) thread reopens it
                return await self._channel(int(record.thread))
            except discord.HTTPException:
                pass  # the thread was deleted: post in the channel
        return await self._channel(int(ref.channel))


def _ref(event: Event) -> ChannelRef:
    return ChannelRef.of(event)
