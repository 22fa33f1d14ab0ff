"""Small shared values: where a daily lives, and a kind refusal.

A channel id is only unique inside one workspace of one platform, so every
channel is named by all three.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.events import Event

_PINGS = re.compile(r"@(channel|here|everyone)\b|<!(channel|here|everyone)[^>]*>", re.I)


@dataclass(frozen=True)
class ChannelRef:
    platform: str
    workspace: str
    channel: str

    @property
    def id(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.channel}"

    @classmethod
    def of(cls, event: Event) -> "ChannelRef":
        user = event.key.user
        return cls(user.platform, user.workspace, event.key.channel)


@dataclass(frozen=True)
class Refusal:
    """A request the community layer will not carry out, with words for the user."""

    reason: str
    ok: bool = False


def safe_text(text: str, limit: int = 60) -> str:
    """User text we echo back: no mass pings, no markup tricks, bounded length."""
    text = " ".join(str(text).split())
    text = _PINGS.sub(lambda m: "@\u200b" + (m.group(1) or m.group(2)), text)
    text = text.replace("<!", "<\u200b!")
    return text if len(text) <= limit else text[: limit - 1] + "…"
