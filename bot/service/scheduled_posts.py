"""Scheduled posts as outbox entries: the replies a daily loop sends, to JSON and back.

Only the kinds `CommunityCommands.due` makes are kept: their fields are text,
numbers and tuples of them, so JSON holds them whole (tuples come back as tuples).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from bot.community.outbox import Parcel
from bot.community.refs import ChannelRef
from bot.engine import replies as r

POSTABLE = {cls.__name__: cls for cls in (r.Notice, r.DailyQuestionReply, r.RecapReply, r.TableReply)}


@dataclass(frozen=True)
class ScheduledPost:
    channel: ChannelRef
    reply: r.Reply
    parcel: Parcel  # its outbox entry: say whether it was sent
    error: str = ""  # set by an adapter whose send failed: the platform's word for why ("not_in_channel")


def to_payload(reply: r.Reply) -> dict:
    kind = type(reply).__name__
    if POSTABLE.get(kind) is not type(reply):
        raise TypeError(f"{kind} is not a scheduled post")
    return {"kind": kind, **asdict(reply)}


def from_payload(payload: dict) -> r.Reply:
    """The reply again; KeyError or TypeError for an entry this version cannot read."""
    cls = POSTABLE[payload["kind"]]
    return cls(**{f.name: _tuples(payload[f.name]) for f in fields(cls) if f.name in payload})


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value
