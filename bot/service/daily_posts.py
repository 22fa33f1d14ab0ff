"""What the platforms' daily loops post: daily questions, recaps and last week's boards as they fall due,
kept in the outbox (bot/community/outbox.py) until a platform says each was sent."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone

from bot.community.points import shown
from bot.community.pool import TEAM_TOPIC
from bot.community.post_failures import PostFailure
from bot.community.refs import ChannelRef, safe_text
from bot.engine import replies as r
from bot.engine.render_text import defuse_mentions
from bot.service.community_base import CommunityPart, tied_footer
from bot.service.scheduled_posts import ScheduledPost, from_payload, to_payload

log = logging.getLogger(__name__)
# a team question added without a reference answer: its answers were graded against the study guides
NO_REFERENCE = "This team question has no reference answer: answers were graded against the study guides."


class DailyPosts(CommunityPart):
    async def due(self, platform: str | None = None) -> list[tuple[ChannelRef, r.Reply]]:
        """Daily posts, recaps and weekly boards due now for one platform's channels (None: all).

        Each platform's bot asks for its own: taking a post takes its lease, so a Slack
        replica asking for everything would swallow Discord's posts."""
        now = self._now()
        out: list[tuple[ChannelRef, r.Reply]] = []
        for recap in await self.community.due_recaps(now, platform):
            out.append((recap.channel, self.recap_reply(recap)))
        for post in await self.community.due_posts(now, platform):
            if post.recap is not None:
                out.append((post.recap.channel, self.recap_reply(post.recap)))
            q = post.question
            if q is None:  # nothing left to ask: tell the channel once, and pause its daily
                notice = await self._paused_for_nothing_to_ask(post.channel, post.notice, now)
                if notice:
                    out.append((post.channel, r.Notice(notice, tone="warning")))
                continue
            out.append((post.channel, r.DailyQuestionReply(date=post.date, question_id=q.id, text=q.text,
                                                           topic=q.topic, level=q.level or "any")))
        for board in await self.community.weekly_reset(now, platform):
            channel = _channel_of_group(board.group_id)
            if channel is not None and board.rows:
                rows = tuple((str(x.rank), defuse_mentions(x.name), f"{x.value:g}") for x in board.rows)
                out.append((channel, r.TableReply(f"Last week's board ({board.week}) — a new week starts now",
                                                  ("#", "name", "points"), rows, tied_footer(board))))
        return out

    async def _paused_for_nothing_to_ask(self, channel: ChannelRef, notice: str, now) -> str:
        """A channel whose topics match no question (`topics=team` and its last team question removed, or
        a topic the question bank no longer has) would say "No daily today" every posting day: its daily
        is paused instead, and the channel told once why and how to start it again (`daily on` refuses
        until there is a question to ask)."""
        settings = await self.community.show_settings(channel)
        if settings is None:
            return notice
        await self.community.scheduler.change_settings(settings, replace(settings, enabled=False), now)
        if set(settings.topics) == {TEAM_TOPIC}:
            return ("No daily today: this channel's daily asks only its own team questions (`topics=team`), "
                    "and it has none. It is paused until an admin adds one (`daily add`) and turns it on "
                    "again (`daily on`), or sets other topics (`daily set topics=all`, then `daily on`).")
        return (f"{notice} The daily is paused until an admin changes its topics or level (`daily set`) "
                "and turns it on again (`daily on`).")

    async def outgoing(self, platform: str) -> list[ScheduledPost]:
        """What a platform's daily loop should post now: what just fell due, and earlier posts that
        were not sent yet (see bot/community/outbox.py). Report each with `sent` or `unsent`."""
        now = self._now()
        outbox = self.community.outbox
        await outbox.put([(ref, to_payload(reply)) for ref, reply in await self.due(platform)], now)
        posts = []
        for parcel in await outbox.take(platform, now):
            try:
                reply = from_payload(parcel.payload)
            except (KeyError, TypeError):  # written by another version: it cannot be rendered here
                log.error("dropping an outbox entry this version cannot read", extra={"entry": parcel.id})
                await outbox.failed(parcel, now, permanent=True)
                continue
            if isinstance(reply, r.DailyQuestionReply) and parcel.attempts and not await self._daily_on(parcel.channel):
                await outbox.failed(parcel, now, permanent=True)  # turned off while the post waited for a retry
                continue
            posts.append(ScheduledPost(parcel.channel, reply, parcel))
        return posts

    async def _daily_on(self, channel: ChannelRef) -> bool:
        settings = await self.community.show_settings(channel)
        return settings is not None and settings.enabled

    async def sent(self, post: ScheduledPost) -> None:
        await self.community.outbox.sent(post.parcel)
        await self.community.post_failures.clear(post.channel)  # it reaches the channel again

    async def unsent(self, post: ScheduledPost, permanent: bool = False) -> bool:
        """A send failed: try again later, unless it never can succeed. True when the post is dropped;
        a daily question dropped so is withdrawn, so no recap of a question nobody saw follows."""
        dropped = await self.community.outbox.failed(post.parcel, self._now(), permanent)
        # logged by the adapter, and kept for `daily` to show: the admin may never read the log
        await self.community.post_failures.record(post.channel, PostFailure(
            self._now().isoformat(), _KINDS.get(type(post.reply).__name__, "post"), post.error, dropped))
        if dropped and isinstance(post.reply, r.DailyQuestionReply):
            await self.community.withdraw_daily(post.channel, post.reply.date, self._now())
        return dropped

    @staticmethod
    def recap_reply(recap) -> r.RecapReply:
        """The recap as posted: a score that shows as 0.0 is no top score (it still counts as answered)."""
        return r.RecapReply(date=recap.date, question=recap.question, model_answer=recap.model_answer or NO_REFERENCE,
                            answered=recap.answered,
                            top=tuple((row.name, row.value) for row in recap.top if shown(row.value) > 0),
                            thread=recap.thread)


_KINDS = {"DailyQuestionReply": "daily question", "RecapReply": "recap", "TableReply": "weekly board",
          "Notice": "notice"}
# What an admin does about a platform's refusal, by its word for it; anything else: the general advice.
_FIXES = {
    "not_in_channel": "The bot is not in this channel: invite it (`/invite` and the bot's name)",
    "channel_not_found": "The bot cannot see this channel (it was removed, or the channel is private): invite it",
    "is_archived": "The channel is archived: unarchive it, or set the daily up in another channel",
    # Discord's, as its adapter records them (its message, then its code)
    "Missing Permissions (50013)": "The bot may not post here: in this channel's permissions, allow it "
                                   "Send Messages, Embed Links and Create Public Threads",
    "Missing Access (50001)": "The bot cannot see this channel: give the bot access to this channel "
                              "(View Channel, in the channel's permissions)",
}


def post_trouble(failure: PostFailure | None) -> str:
    """For `daily`: the last scheduled post that failed here, why, and what to do; "" once one got through."""
    if failure is None:
        return ""
    at = datetime.fromisoformat(failure.at).astimezone(timezone.utc)
    why = f" (`{safe_text(failure.error, 40)}`)" if failure.error else ""
    fix = _FIXES.get(failure.error, "Check that the bot is still in this channel and may post here (invite it "
                     "again if it was removed)")
    fate = ("It was dropped; the next one comes at the next posting time." if failure.dropped
            else "I try it again on my next rounds.")
    return (f"\nProblem: the last scheduled {failure.what} here failed at {at:%Y-%m-%d %H:%M} UTC{why}. {fix}. "
            f"{fate} This note goes once a post gets through.")


def _channel_of_group(group_id: str) -> ChannelRef | None:
    """The channel a channel-group's board belongs to; named groups have none to post in."""
    parts = group_id.split(":")
    if len(parts) >= 4 and parts[-2] == "channel":
        return ChannelRef(parts[0], ":".join(parts[1:-2]), parts[-1])
    return None
