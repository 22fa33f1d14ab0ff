"""The daily question on Discord: a once-a-minute task that posts what is due.

Each post gets a thread (its id is the post's id) where people answer; the
thread is attached to the daily so the coach grades answers posted there. A
thread Discord will not open is tried twice more, then people are told under
the post.
Several replicas may run this loop: the community layer's leases hand each
post to exactly one of them. A post that fails stays in the community outbox
and is tried again on a later round, unless Discord refused it for good.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import aiohttp
import discord
from discord.ext import tasks

from bot.adapters.discord import delivery, translate
from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.seen_threads import SeenThreads
from bot.community.refs import ChannelRef
from bot.engine import replies as r
from bot.engine.events import Event

log = logging.getLogger(__name__)
THREAD_ARCHIVE_MINUTES = 1440
THREAD_TRIES = 3
THREAD_RETRY_PAUSE = 2.0  # seconds between tries; discord.py does not retry a 503 itself
THREAD_EXISTS = 160004  # Discord's code for "a thread has already been created for this message"
NO_THREAD = ("I couldn't open a thread for today's answers. Start one on this message (Create Thread) "
             "and post your answer there: it will be graded.")


class DailyPoster:
    def __init__(self, bot: discord.Client, coach, answer_button: bool = False,
                 thread_retry_pause: float = THREAD_RETRY_PAUSE):
        self.bot = bot
        self.coach = coach
        self.answer_button = answer_button
        self.thread_retry_pause = thread_retry_pause
        self._known = SeenThreads()  # daily threads this process has seen
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
        """Whether a thread is a daily question's. Raises what the store raises; `seen_daily` then says
        whether this process has known it as one (so only its answerers hear of an outage)."""
        community = self.coach.deps.community
        if community is None:
            return False
        daily = await community.daily_for_thread(_ref(event), event.thread) is not None
        if daily:
            self._known.add(event.thread)
        return daily

    def seen_daily(self, event: Event) -> bool:
        return event.thread in self._known

    async def post_due(self) -> int:
        """Post every due Discord daily, recap and board, and retry earlier ones that failed;
        returns how many were posted. Never raises: discord.py's loop survives only network
        errors, so one bad minute (a Redis hiccup) would otherwise end every later post."""
        try:
            posts = await self.coach.community.outgoing(translate.PLATFORM)
        except Exception:  # noqa: BLE001 - the store is away: the outbox keeps them for next minute
            log.exception("daily round failed: could not read what is due; trying again next minute")
            return 0
        posted, threads = 0, []
        for post in posts:
            try:
                posted += await self._deliver(post, threads)
            except Exception:  # noqa: BLE001 - one post's trouble must not stop the others
                log.exception("daily post failed", extra={"channel": post.channel.id})
        # every post is out first; then the threads open side by side, so one channel whose thread
        # Discord keeps refusing (tried again with pauses) holds up no other channel's post
        for failed in await asyncio.gather(*threads, return_exceptions=True):
            if isinstance(failed, BaseException):
                log.error("opening a daily's thread failed", exc_info=failed)
        return posted

    async def _deliver(self, post, threads: list) -> int:
        try:
            messages = await self._post(post.channel, post.reply)
        except Exception as exc:  # noqa: BLE001 - one broken channel (or one bad post) must not stop the
            # others; Discord's trouble is tried again later, with backoff, and dropped in the end
            dropped = await self.coach.community.unsent(replace(post, error=_error_words(exc)),
                                                        permanent=_permanent(exc))
            log.warning("daily post failed (%s): %r", "dropped" if dropped else "will retry", exc,
                        extra={"channel": post.channel.id},
                        exc_info=not isinstance(exc, (discord.HTTPException, aiohttp.ClientError,
                                                      asyncio.TimeoutError, OSError)))
            return 0
        try:
            await self.coach.community.sent(post)
        except Exception:  # noqa: BLE001 - it is out; the thread must still open
            log.exception("daily post sent but not marked sent: it may be posted again",
                          extra={"channel": post.channel.id})
        if isinstance(post.reply, r.DailyQuestionReply):
            threads.append(self._open_thread(post.channel, post.reply, messages[-1]))
        return 1

    async def _channel(self, channel_id: int):
        return self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)

    async def _post(self, ref: ChannelRef, reply: r.Reply) -> list:
        items = to_outgoing(reply, answer_button=self.answer_button)
        if isinstance(reply, r.RecapReply):
            return await self._post_recap(ref, reply.date, items)
        return await delivery.send(await self._channel(int(ref.channel)), items)

    async def _open_thread(self, ref: ChannelRef, reply: r.DailyQuestionReply, message) -> None:
        """The daily's thread, where people answer. A thread started from a message has that message's
        id, so the daily is tied to the id first: then a thread a member opens on the post (if Discord
        would not let us) is the daily's thread as well, and the Answer button needs no thread at all."""
        try:
            await self.coach.deps.community.attach_thread(ref, reply.date, str(message.id))
        except Exception:  # noqa: BLE001 - the post is out; posting it again would not help
            log.exception("could not tie the daily to its thread: answers there will not be graded",
                          extra={"channel": ref.id})
        name = f"Daily {reply.date} · {reply.topic}"[:100]
        for attempt in range(THREAD_TRIES):
            if attempt:
                await asyncio.sleep(self.thread_retry_pause)
            try:
                await message.create_thread(name=name, auto_archive_duration=THREAD_ARCHIVE_MINUTES)
                return
            except discord.HTTPException as exc:
                if exc.code == THREAD_EXISTS:  # an earlier try that timed out went through after all
                    return
                log.warning("could not open the daily's thread (try %d): %r", attempt + 1, exc,
                            extra={"channel": ref.id})
                if _permanent(exc):
                    break
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                log.warning("could not open the daily's thread (try %d): %r", attempt + 1, exc,
                            extra={"channel": ref.id})
        log.error("gave up opening the daily's thread", extra={"channel": ref.id})
        if self.answer_button:
            return  # the Answer button under the post works without a thread
        try:  # say so under the post, or nobody knows where to answer
            await message.reply(content=NO_THREAD, allowed_mentions=delivery.NONE)
        except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError, OSError):
            log.exception("could not say under the daily post that its thread is missing",
                          extra={"channel": ref.id})

    async def _post_recap(self, ref: ChannelRef, date: str, items: list) -> list:
        """The recap goes in the daily's thread, so the answers and the model answer sit together; in the
        channel when the thread is gone or will not take it (locked, or the bot lost Send Messages in
        Threads), so it is never lost for a thread's sake."""
        record = await self.coach.deps.community.daily_record(ref, date)
        if record is not None and record.thread:
            try:  # sending in an archived (unlocked) thread reopens it
                return await delivery.send(await self._channel(int(record.thread)), items)
            except (discord.Forbidden, discord.NotFound) as exc:
                log.warning("the daily's thread refused its recap (%r): posting it in the channel", exc,
                            extra={"channel": ref.id})
        return await delivery.send(await self._channel(int(ref.channel)), items)


def _permanent(exc: BaseException) -> bool:
    """Whether trying later cannot help: Discord refused the post itself (no access, no such
    channel, a bad request). Its 429s and 5xx reach here only after discord.py's own retries."""
    return isinstance(exc, discord.HTTPException) and not isinstance(exc, discord.DiscordServerError) \
        and exc.status != 429


def _error_words(exc: BaseException) -> str:
    """Discord's own words for a refused post, kept for `daily` to show ("Missing Access (50001)",
    "Missing Permissions (50013)"); its HTTP status when it gave no code; "" for trouble on the way."""
    if not isinstance(exc, discord.HTTPException):
        return ""
    if exc.code:
        return f"{exc.text} ({exc.code})" if exc.text else str(exc.code)
    return f"HTTP {exc.status}"


def _ref(event: Event) -> ChannelRef:
    return ChannelRef.of(event)
