"""What comes into the engine: one event type for every platform.

An adapter turns a Slack payload, a Discord interaction or a terminal line
into an `Event`; the engine never sees the platform's own objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


NO_WORKSPACE = "dm"  # a UserRef's workspace outside any (a Discord DM: no server around it)


@dataclass(frozen=True)
class UserRef:
    """A person on one platform: the owner of history, points and schedule."""

    platform: str  # "slack" | "discord" | "console"
    workspace: str  # Slack team id, Discord guild id ("dm" outside a guild), "local"
    user: str

    @property
    def id(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user}"


@dataclass(frozen=True)
class ConversationKey:
    """Where a conversation happens: the user in one channel (a DM is a channel)."""

    user: UserRef
    channel: str

    @property
    def id(self) -> str:
        return f"{self.user.id}:{self.channel}"


class EventKind(str, Enum):
    text = "text"  # an ordinary message: usually an answer, or a command in plain words
    command = "command"  # a slash command or a parsed plain-word command
    button = "button"  # a button press (hint, skip, end, ...)


@dataclass(frozen=True)
class Event:
    key: ConversationKey
    kind: EventKind
    text: str = ""  # message text, or the command's argument string
    name: str = ""  # command or button name, e.g. "start", "hint"
    args: dict[str, str] = field(default_factory=dict)
    message_id: str = ""  # the platform's id for redelivery checks; empty = not deduplicated
    is_admin: bool = False  # the platform says this user may change channel settings
    thread: str = ""  # a thread the message was posted in (daily-question answers)
    display_name: str = ""
