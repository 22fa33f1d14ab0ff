"""Daily question, study groups, leaderboards and streaks, as chat commands."""
from __future__ import annotations

import asyncio
import logging
import shlex
from datetime import datetime, timezone

from bot.community.points import shown
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine import replies as r
from bot.engine.events import NO_WORKSPACE, Event
from bot.engine.interview import NO_TEXT, unreadable_notes
from bot.engine.render_text import defuse_mentions, plural
from bot.service.scheduled_posts import ScheduledPost, from_payload, to_payload

log = logging.getLogger(__name__)

DAILY_HELP = (
    "Daily question commands (admins change settings):\n"
    "  daily — this channel's settings and today's question\n"
    "  daily set time=09:00 tz=Europe/Berlin days=mon-fri topics=retrieval,tokenization level=mid close=17:00\n"
    "    (topics=team: only this channel's own questions, from `daily add`; close=none: recap with the next question)\n"
    "  daily on / daily off\n"
    "  daily add <id> | <question> | <reference answer> — a team question for this channel\n"
    "Answer a daily question in its thread; your grade and points come to you privately."
)
OUTSIDE_WORKSPACE = ("Points, streaks and study groups belong to a server, where its daily questions are "
                     "answered: use this in a server channel (`/streak`, `/group`, `/leaderboard`).")
DAILY_NOT_IN_TERMINAL = ("The daily question is posted in a Slack or Discord channel and answered in its thread; "
                         "the terminal has no channel to post it in. The README section \"The daily question, "
                         "points and study groups\" shows how an admin sets one up there.")
BOARD_TITLES = {"week": "This week", "all": "All time", "improved": "Most improved this week"}


def _refused(result) -> list[r.Reply] | None:
    if isinstance(result, Refusal):
        return [r.Notice(result.reason, tone="warning", private=True)]
    return None


class CommunityCommands:
    def __init__(self, coach):
        self.coach = coach
        self.community = coach.deps.community

    def handlers(self):
        scoped = {"leaderboard": self.leaderboard, "streak": self.streak, "group": self.group,
                  "groups": self.groups, "timezone": self.timezone}
        return {"daily": self.daily, **{name: self._in_workspace(fn) for name, fn in scoped.items()}}

    @staticmethod
    def _in_workspace(handler):
        """Points, streaks and groups are kept per workspace; outside one (a Discord DM) they would
        show an empty record of their own, so say where they work instead."""
        async def run(event: Event, args: dict, rest: str) -> list[r.Reply]:
            if event.key.user.workspace == NO_WORKSPACE:
                return [r.Notice(OUTSIDE_WORKSPACE, private=True)]
            return await handler(event, args, rest)
        return run

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.coach.deps.clock(), timezone.utc)

    # -- daily ----------------------------------------------------------------
    async def daily(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if event.key.user.platform == "console":
            return [r.Notice(DAILY_NOT_IN_TERMINAL, private=True)]
        channel = ChannelRef.of(event)
        words = rest.split(maxsplit=1)
        sub = words[0].lower() if words else ""
        tail = words[1] if len(words) > 1 else ""
        if sub in {"help", "?"}:
            return [r.Notice(DAILY_HELP, private=True)]
        if sub == "set":
            try:
                pairs = dict(p.split("=", 1) for p in shlex.split(tail) if "=" in p)
            except ValueError:
                pairs = {}
            if not pairs:
                return [r.Notice("Give settings as key=value, e.g. `daily set time=09:00 tz=Europe/Berlin`.",
                                 tone="warning", private=True)]
            before = await self.community.open_daily(channel)
            result = await self.community.set_daily_settings(event, pairs)
            if isinstance(result, Refusal):
                return _refused(result)
            after = await self.community.open_daily(channel)
            close_given = any(key.strip().lower() == "close" for key in pairs)
            follows = self._open_daily_follows(before, after, result, close_given)
            return [r.Notice(f"Daily question: {result.describe()}{follows}", private=True)]
        if sub == "on":
            result = await self.community.set_daily_settings(event, {"enabled": "yes"})
            return _refused(result) or [r.Notice(f"Daily question: {result.describe()}", private=True)]
        if sub == "off":
            result = await self.community.set_daily_settings(event, {"enabled": "no"})
            if isinstance(result, Refusal):
                return _refused(result)
            return [r.Notice(f"Daily question paused: no new questions. "
                             f"{self._paused_open(await self.community.open_daily(channel), result)}"
                             f"Settings: {result.describe()}", private=True)]
        if sub == "add":
            parts = [p.strip() for p in tail.split("|")]
            if len(parts) != 3 or not all(parts):
                return [r.Notice("Use `daily add <id> | <question> | <reference answer>`.", tone="warning",
                                 private=True)]
            result = await self.community.add_team_question(event, *parts)
            return _refused(result) or [r.Notice(f"Added team question `{safe_text(result.id, 40)}` to this "
                                                 "channel's daily pool.", private=True)]
        if sub:
            return [r.Notice(DAILY_HELP, private=True)]
        settings = await self.community.show_settings(channel)
        text = (f"Daily question: {settings.describe()}" if settings else
                "No daily question is set up in this channel. An admin can start one with "
                "`daily set time=09:00 tz=UTC`.")
        record = await self.community.open_daily(channel)
        if record is not None:
            text += f"\n{self._open_daily_heading(record, settings)}: {record.question.text}"
        return [r.Notice(text, private=True)]

    # Before the day's post, the open daily is still yesterday's (it closes with the next post):
    # "Today's" is said only of one posted on the channel's local date today.
    def _posted_today(self, record, settings) -> bool:
        zone = settings.zone if settings else timezone.utc
        return datetime.fromisoformat(record.posted_at).astimezone(zone).date() == self._now().astimezone(zone).date()

    def _until(self, record, settings) -> str:
        if not record.close_at:
            return "open until the next question is posted"
        zone = settings.zone if settings else timezone.utc
        close = datetime.fromisoformat(record.close_at).astimezone(zone)
        day = "" if close.date() == self._now().astimezone(zone).date() else f"{close.date().isoformat()} "
        return f"open until {day}{close:%H:%M} {zone}"

    def _open_daily_heading(self, record, settings) -> str:
        if self._posted_today(record, settings):
            return "Today's question"
        return f"Latest question ({safe_text(record.date, 30)}, {self._until(record, settings)})"

    def _open_daily_follows(self, before, after, settings, close_given: bool) -> str:
        """What a `daily set` did to the daily that is open now: a new close time (or zone) holds for it too."""
        if after is None or before is None or not (close_given or before.close_at != after.close_at):
            return ""
        which = ("today's question" if self._posted_today(after, settings)
                 else f"the open question of {safe_text(after.date, 30)}")
        return f". This applies to {which} too: it is {self._until(after, settings)}."

    def _paused_open(self, record, settings) -> str:
        if record is None:
            return ""
        which = "Today's question" if self._posted_today(record, settings) else "The open question"
        if record.close_at and datetime.fromisoformat(record.close_at) > self._now():
            return f"{which} stays {self._until(record, settings)}, its recap time; then its recap goes in its thread. "
        return f"{which} closes now and its recap goes in its thread. "

    async def is_daily_thread(self, event: Event) -> bool:
        return await self.community.daily_for_thread(ChannelRef.of(event), event.thread) is not None

    async def thread_answer(self, event: Event, edited: bool = False) -> list[r.Reply] | None:
        """Grade an answer posted in a daily question's thread; None if the thread is not a daily.
        ``edited``: an answer edited in place, graded as a new try (it counts only when better)."""
        channel = ChannelRef.of(event)
        record = await self.community.daily_for_thread(channel, event.thread)
        if record is None:
            return None
        if not event.text.strip():  # an image or a sticker in the thread: not an answer to count
            return [r.Notice(NO_TEXT, private=True)]
        question = record.question
        grader = self.coach.deps.grading
        if question.source == "bank" and question.id in self.coach.questions:
            feedback = await asyncio.to_thread(grader.grade, self.coach.questions[question.id], event.text)
        else:
            feedback = await asyncio.to_thread(grader.grader.grade, event.text, question=question.text,
                                               reference=question.reference)
        unreadable = unreadable_notes(feedback)
        if unreadable:  # not English, or only emoji: not an answer to count (nor a try to spend)
            return [r.Notice(" ".join(unreadable), private=True)]
        result = await self.community.record_answer(channel, record.date, event.key.user, feedback.score,
                                                    self._now(), display_name=event.display_name)
        replies: list[r.Reply] = [r.FeedbackReply(feedback, private=True)]
        edit = "I graded your edited answer as a new try. " if edited else ""
        if isinstance(result, Refusal):
            replies.append(r.Notice(edit + result.reason, private=True))
        else:
            beat = (f"It beats your {result.previous:.1f}, so it counts now: "
                    if edited and result.previous is not None else "")
            bonus = f" (+{result.points.bonus} streak bonus)" if result.points.bonus else ""
            replies.append(r.Notice(f"{edit}{beat}{plural(result.points.total, 'point')}{bonus}. "
                                    f"Streak: {plural(result.streak.current, 'day')}.", private=True))
        return replies

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
            if q is None:  # nothing left to ask: tell the channel instead of failing quietly
                if post.notice:
                    out.append((post.channel, r.Notice(post.notice, tone="warning")))
                continue
            out.append((post.channel, r.DailyQuestionReply(date=post.date, question_id=q.id, text=q.text,
                                                           topic=q.topic, level=q.level or "any")))
        for board in await self.community.weekly_reset(now, platform):
            channel = _channel_of_group(board.group_id)
            if channel is not None and board.rows:
                rows = tuple((str(x.rank), defuse_mentions(x.name), f"{x.value:g}") for x in board.rows)
                out.append((channel, r.TableReply(f"Last week's board ({board.week}) — a new week starts now",
                                                  ("#", "name", "points"), rows)))
        return out

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

    async def unsent(self, post: ScheduledPost, permanent: bool = False) -> bool:
        """A send failed: try again later, unless it never can succeed. True when the post is dropped;
        a daily question dropped so is withdrawn, so no recap of a question nobody saw follows."""
        dropped = await self.community.outbox.failed(post.parcel, self._now(), permanent)
        if dropped and isinstance(post.reply, r.DailyQuestionReply):
            await self.community.withdraw_daily(post.channel, post.reply.date, self._now())
        return dropped

    @staticmethod
    def recap_reply(recap) -> r.RecapReply:
        """The recap as posted: a score that shows as 0.0 is no top score (it still counts as answered)."""
        return r.RecapReply(date=recap.date, question=recap.question, model_answer=recap.model_answer,
                            answered=recap.answered,
                            top=tuple((row.name, row.value) for row in recap.top if shown(row.value) > 0),
                            thread=recap.thread)

    # -- boards and groups -------------------------------------------------------
    async def leaderboard(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        kind = args.get("period", "week")
        if args.get("periods"):
            group = f" {safe_text(args['group'], 40)}" if args.get("group") else ""
            choices = " or ".join(f"`leaderboard{group} {p}`" for p in args["periods"].split())
            return [r.Notice(f"I show one board at a time: which one, {choices}?", private=True)]
        if not args.get("group") and _in_slack_dm(event):  # a DM has no daily, so no board of its own
            return [await self._boards_from_dm(event)]
        board = await self.community.leaderboard(ChannelRef.of(event), event.key.user, args.get("group", ""),
                                                 kind, self._now())
        if isinstance(board, Refusal) and args.get("group"):  # "leaderboard monthly": no such group, nor board
            return [r.Notice(f"I know no study group called `{safe_text(args['group'], 40)}` here. Boards: "
                             "`leaderboard week|all|improved`, or a group's with `leaderboard NAME week`; "
                             "`groups` lists yours.", tone="warning", private=True)]
        refused = _refused(board)
        if refused:
            return refused
        unit = "rise" if kind == "improved" else "points"
        rows = tuple((str(row.rank), defuse_mentions(row.name), f"{row.value:g}") for row in board.rows)
        footer = "" if rows else _empty_board(board)
        found = await self.community.groups.find(event.key.user, args["group"]) if args.get("group") else None
        group = f" · {safe_text(found.name, 40)}" if found else ""  # its own name, not as typed
        week = "" if kind == "all" else f" ({board.week})"
        return [r.TableReply(f"{BOARD_TITLES[kind]}{group}{week}", ("#", "name", unit), rows, footer)]

    async def _boards_from_dm(self, event: Event) -> r.Notice:
        user = event.key.user
        channels = await self.community.groups.channel_groups_of(user)
        week, total = await self.community.boards.points_of(channels, user, self._now())
        names = await self.community.my_groups(user)
        listed = ", ".join(safe_text(n, 40) for n in names)
        groups = f", and your study groups' here with `leaderboard NAME` ({listed})" if names else ""
        mine = (f"You have {plural(week, 'point')} this week and {total} all time."
                if total else "You have no points yet: answer a daily question in its thread in a channel.")
        return r.Notice(f"Boards belong to channels with a daily question: say `leaderboard` in one{groups}. {mine}",
                        private=True)

    async def streak(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        info = await self.community.streak(event.key.user, self._now())
        freeze = "a freeze is left this week" if info.freeze_left_this_week else "this week's freeze is used"
        return [r.Notice(f"Streak: {plural(info.current, 'day')} (best {info.best}); {freeze}.", private=True)]

    async def timezone(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if not rest.strip():  # asking, not setting
            zone = await self.community.timezone(event.key.user)
            return [r.Notice(f"Your streaks count days in {zone}. Change it with e.g. `timezone Europe/Berlin`.",
                             private=True)]
        result = await self.community.set_timezone(event.key.user, rest.strip())
        return _refused(result) or [r.Notice(f"Your streaks now count days in {result}.", private=True)]

    async def group(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        words = rest.split(maxsplit=1)
        action = words[0].lower() if words else ""
        name = words[1].strip() if len(words) > 1 else ""
        actions = {"create": self.community.create_group, "join": self.community.join_group,
                   "leave": self.community.leave_group}
        if action not in actions or not name:
            return [r.Notice("Use `group create NAME`, `group join NAME` or `group leave NAME`; "
                             "`groups` lists yours.", private=True)]
        result = await actions[action](event.key.user, name)
        if getattr(result, "already", False):
            return [r.Notice(f"You are already in the group {safe_text(result.name, 40)}.", private=True)]
        done = {"create": "Created and joined", "join": "Joined", "leave": "Left"}[action]
        gone = " You were its last member, so it is deleted and the name is free again." if getattr(
            result, "removed", False) else ""
        return _refused(result) or [r.Notice(f"{done} the group {safe_text(result.name, 40)}.{gone}", private=True)]

    async def groups(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        names = await self.community.my_groups(event.key.user)
        if not names:
            return [r.Notice("You are in no named groups. `group create NAME` starts one.", private=True)]
        return [r.Notice("Your groups: " + ", ".join(safe_text(n, 40) for n in names), private=True)]


def _in_slack_dm(event: Event) -> bool:
    # Slack's direct-message channel ids start with D (as the Slack adapter's is_im says)
    return event.key.user.platform == "slack" and event.key.channel.startswith("D")


def _empty_board(board) -> str:
    if board.kind != "improved":
        return "No points yet: answer a daily question to get on the board."
    if board.compared:
        return "Nobody's average grade this week is above their four weeks before yet."
    return ("Nobody here has an earlier week to compare with yet: most improved sets this week's average grade "
            "against the four weeks before.")


def _channel_of_group(group_id: str) -> ChannelRef | None:
    """The channel a channel-group's board belongs to; named groups have none to post in."""
    parts = group_id.split(":")
    if len(parts) >= 4 and parts[-2] == "channel":
        return ChannelRef(parts[0], ":".join(parts[1:-2]), parts[-1])
    return None
