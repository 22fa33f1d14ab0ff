"""Every Redis key the community features use, under one prefix.

A key that holds one person's data contains their ``UserRef.id`` inside
braces (a Redis Cluster hash tag), so a "forget me" scan over
``*{user.id}*`` finds it. Shared sorted sets and sets hold user ids as
members; ``forget_user`` removes those members.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.engine.events import UserRef

DEFAULT_PREFIX = "coach:community:"


def _glob_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


@dataclass(frozen=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    # daily settings and questions, per channel (ChannelRef.id)
    def channels(self) -> str:
        return f"{self.prefix}channels"

    def settings(self, channel_id: str) -> str:
        return f"{self.prefix}channel:{channel_id}:settings"

    def team_questions(self, channel_id: str) -> str:
        return f"{self.prefix}channel:{channel_id}:team-questions"

    def used(self, channel_id: str) -> str:
        return f"{self.prefix}channel:{channel_id}:used"

    def last_post(self, channel_id: str) -> str:
        return f"{self.prefix}channel:{channel_id}:last-post"

    def post_failure(self, channel_id: str) -> str:
        """The last scheduled post the platform refused in the channel (see post_failures.py)."""
        return f"{self.prefix}channel:{channel_id}:post-failure"

    def open_daily(self, channel_id: str) -> str:
        return f"{self.prefix}channel:{channel_id}:open"

    def daily(self, channel_id: str, day: str) -> str:
        return f"{self.prefix}daily:{channel_id}:{day}"

    def daily_scores(self, channel_id: str, day: str) -> str:
        return f"{self.prefix}daily:{channel_id}:{day}:scores"

    def daily_points(self, channel_id: str, day: str) -> str:
        return f"{self.prefix}daily:{channel_id}:{day}:points"

    def daily_counted(self, channel_id: str, day: str) -> str:
        """Who answered the daily on the bar for points: the recap's "answered"."""
        return f"{self.prefix}daily:{channel_id}:{day}:counted"

    def daily_posts(self, channel_id: str) -> str:
        """The dates of the channel's dailies that reached it, scored by when each was posted."""
        return f"{self.prefix}channel:{channel_id}:daily-posts"

    def thread(self, channel_id: str, thread: str) -> str:
        return f"{self.prefix}channel:{channel_id}:thread:{thread}"

    def lease(self, what: str) -> str:
        return f"{self.prefix}lease:{what}"

    def outbox(self, platform: str) -> str:
        return f"{self.prefix}outbox:{platform}"

    # groups and boards
    def groups(self) -> str:
        return f"{self.prefix}groups"

    def group(self, group_id: str) -> str:
        return f"{self.prefix}group:{group_id}"

    def members(self, group_id: str) -> str:
        return f"{self.prefix}group:{group_id}:members"

    def board_all(self, group_id: str) -> str:
        return f"{self.prefix}board:{group_id}:all"

    def board_week(self, group_id: str, iso_week: str) -> str:
        return f"{self.prefix}board:{group_id}:week:{iso_week}"

    def board_archive(self, group_id: str, iso_week: str) -> str:
        return f"{self.prefix}board:{group_id}:archive:{iso_week}"

    def board_reached(self, board_key: str) -> str:
        """When each person on a board last changed their points there: ties go to who got there first."""
        return f"{board_key}:reached"

    def boards_pattern(self, group_id: str) -> str:
        """A SCAN pattern for every board of one group (all time, weeks, archives)."""
        return f"{_glob_escape(self.prefix)}board:{_glob_escape(group_id)}:*"

    # one person's keys: all contain {user.id}
    def user(self, user: UserRef, what: str) -> str:
        return f"{self.prefix}user:{{{user.id}}}:{what}"

    def user_by_id(self, user_id: str, what: str) -> str:
        return f"{self.prefix}user:{{{user_id}}}:{what}"
