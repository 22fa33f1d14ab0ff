"""The daily question on Discord: a once-a-minute task that posts what is due.

Each post gets a thread (its id is the post's id) where people answer; the
thread is attached to the daily so the coach grades answers posted there.
Several replicas may run this loop: the community layer's leases hand each
post to exactly one of them. A post that fails stays in the community outbox
and is tried again on a later round, unless Discord refused it for good.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
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
        """Post every due Discord daily, recap and board, and retry earlier ones that failed;
        returns how many were posted."""
        posted = 0
        for post in await self.coach.community.outgoing(translate.PLATFORM):
            try:
                messages = await self._post(post.channel, post.reply)
            except Exception as exc:  # noqa: BLE001 - one broken channel (or one bad post) must not stop the
                # others; Discord's trouble is tried again later, with backoff, and dropped in the end
                dropped = await self.coach.community.unsent(post, permanent=_permanent(exc))
                log.warning("daily post failed (%s): %r", "dropped" if dropped else "will retry", exc,
                            extra={"channel": post.channel.id},
                            exc_info=not isinstance(exc, (discord.HTTPException, aiohttp.ClientError,
                                                          asyncio.TimeoutError, OSError)))
                continue
            await self.coach.community.sent(post)
            posted += 1
            if isinstance(post.reply, r.DailyQuestionReply):
                await self._open_thread(post.channel, post.reply, messages[-1])
        return posted

    async def _channel(self, channel_id: int):
        return self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)

    async def _post(self, ref: ChannelRef, reply: r.Reply) -> list:
        items = to_outgoing(reply, answer_button=self.answer_button)
        target = (await self._recap_target(ref, reply.date) if isinstance(reply, r.RecapReply)
                  else await self._channel(int(ref.channel)))
        return await delivery.send(target, items)

    async def _open_thread(self, ref: ChannelRef, reply: r.DailyQuestionReply, message) -> None:
        """The daily's thread, where people answer. The post is out by now, so a failure here is
        logged, not retried: posting the question again would not help."""
        try:
            thread = await message.create_thread(name=f"Daily {reply.date} · {reply.topic}"[:100],
                                                 auto_archive_duration=THREAD_ARCHIVE_MINUTES)
            await self.coach.deps.community.attach_thread(ref, reply.date, str(thread.id))
        except Exception:  # noqa: BLE001 - Discord refused the thread, or the store hiccupped
            log.exception("could not open the daily's thread", extra={"channel": ref.id})

    async def _recap_target(self, ref: ChannelRef, date: str):
        """The recap goes in the daily's thread, so the answers and the model answer sit together."""
        record = await self.coach.deps.community.daily_record(ref, date)
        if record is not None and record.thread:
            try:  # sending in an archived (unlocked) thread reopens it
                return await self._channel(int(record.thread))
            except discord.HTTPException:
                pass  # the thread was deleted: post in the channel
        return await self._channel(int(ref.channel))


def _permanent(exc: BaseException) -> bool:
    """Whether trying later cannot help: Discord refused the post itself (no access, no such
    channel, a bad request). Its 429s and 5xx reach here only after discord.py's own retries."""
    return isinstance(exc, discord.HTTPException) and not isinstance(exc, discord.DiscordServerError) \
        and exc.status != 429


def _ref(event: Event) -> ChannelRef:
    return ChannelRef.of(event)
