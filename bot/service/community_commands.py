"""Daily question, study groups, leaderboards and streaks, as chat commands.

The daily's commands and its thread answers are in daily_commands.py, what the daily loops post in
daily_posts.py; CommunityCommands, the one the coach holds, has them all and adds boards, groups,
streaks and time zones.
"""
from __future__ import annotations

from bot.community.points import MIN_SCORE
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine.zones import fixed_offset_note
from bot.engine import replies as r
from bot.engine.commands import BOARDS_WITHOUT_A_CHANNEL
from bot.engine.events import NO_WORKSPACE, Event
from bot.engine.render_text import defuse_mentions, plural
from bot.service.community_base import board_cell, board_value, refusal_replies, tied_footer
from bot.service.daily_commands import DailyCommands
from bot.service.daily_posts import DailyPosts

OUTSIDE_WORKSPACE = ("Points, streaks and study groups belong to a server, where its daily questions are "
                     "answered: use this in a server channel (`/streak`, `/group`, `/leaderboard`).")
# A group's boards rank what its members earned together: points count from joining, and what
# came before stays on the boards of the channels where it was earned.
GROUP_POINTS = {
    "create": " Its boards count each member's daily points from when they join.",
    "join": " Its boards count your daily points from now on; points from before stay on your channels' boards.",
    "leave": " Your points are off its boards; if you join again, they count from then.",
}
# Boards list only people with points, and an answer earns them only from MIN_SCORE up (points.py): someone
# who answered and scored less is not on the board yet, so "answer a daily question" would not be true.
EARNS_POINTS = f"an answer to a daily question that scores {MIN_SCORE:g} or more"
# what streaks.py does with a miss: the week's one freeze bridges it on its own, and the day adds nothing
FREEZE_MEANS = ("A freeze keeps your streak going over one daily you miss in a week (Monday to Sunday); it is "
                "spent by itself on the first miss, and that day does not add to the streak.")
BOARD_TITLES = {"week": "This week", "all": "All time", "improved": "Most improved this week"}

BOARDS_NOT_IN_TERMINAL = BOARDS_WITHOUT_A_CHANNEL  # one text for the commands and their slips


class CommunityCommands(DailyCommands, DailyPosts):
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

    # -- boards and groups -------------------------------------------------------
    async def leaderboard(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if event.key.user.platform == "console":  # points and streaks come only from a channel's daily
            return [r.Notice(BOARDS_NOT_IN_TERMINAL, private=True)]
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
        refused = refusal_replies(board)
        if refused:
            return refused
        unit = "rise" if kind == "improved" else "points"
        rows = tuple((str(row.rank), defuse_mentions(row.name), board_cell(row.value, kind)) for row in board.rows)
        footer = tied_footer(board, kind) if rows else _empty_board(board)
        found = await self.community.groups.find(event.key.user, args["group"]) if args.get("group") else None
        group = f" · {safe_text(found.name, 40)}" if found else ""  # its own name, not as typed
        week = "" if kind == "all" else f" ({board.week})"
        table = r.TableReply(f"{BOARD_TITLES[kind]}{group}{week}", ("#", "name", unit), rows, footer)
        if board.asker is None:
            return [table]
        own = f"You are #{board.asker.rank} on this board, with {board_value(board.asker.value, kind)}."
        return [table, r.Notice(own, private=True)]  # a board may be public; where you stand is yours

    async def _boards_from_dm(self, event: Event) -> r.Notice:
        user = event.key.user
        channels = await self.community.groups.channel_groups_of(user)
        week, total = await self.community.boards.points_of(channels, user, self._now())
        names = await self.community.my_groups(user)
        listed = ", ".join(safe_text(n, 40) for n in names)
        groups = f", and your study groups' here with `leaderboard NAME` ({listed})" if names else ""
        mine = (f"You have {plural(week, 'point')} this week and {total} all time."
                if total else f"You have no points yet: {EARNS_POINTS} earns them (answer in its thread in a channel).")
        return r.Notice(f"Boards belong to channels with a daily question: say `leaderboard` in one{groups}. {mine}",
                        private=True)

    async def streak(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if event.key.user.platform == "console":
            return [r.Notice(BOARDS_NOT_IN_TERMINAL, private=True)]
        info = await self.community.streak(event.key.user, self._now())
        freeze = ("a freeze is left this week" if info.freeze_left_this_week
                  else "this week's freeze is used, so another miss this week ends a streak")
        return [r.Notice(f"Streak: {plural(info.current, 'day')} (best {info.best}); {freeze}. {FREEZE_MEANS}",
                         private=True)]

    async def timezone(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if not rest.strip():  # asking, not setting
            zone = await self.community.timezone(event.key.user)
            return [r.Notice(f"Your streaks count days in {zone}.{fixed_offset_note(zone)} "
                             "Change it with e.g. `timezone Europe/Berlin`.", private=True)]
        result = await self.community.set_timezone(event.key.user, rest.strip())
        return refusal_replies(result) or [r.Notice(f"Your streaks now count days in {result}."
                                                    f"{fixed_offset_note(result)}", private=True)]

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
        refused = refusal_replies(result)
        if refused:
            return refused
        done = {"create": "Created and joined", "join": "Joined", "leave": "Left"}[action]
        if getattr(result, "removed", False):
            after = " You were its last member, so it is deleted and the name is free again."
        else:
            after = GROUP_POINTS[action]
        return [r.Notice(f"{done} the group {safe_text(result.name, 40)}.{after}", private=True)]

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
        return f"No points yet: {EARNS_POINTS} gets you on the board."
    if board.compared:
        return "Nobody's average grade this week is above their four weeks before yet."
    return ("Nobody here has an earlier week to compare with yet: most improved sets this week's average grade "
            "against the four weeks before.")

