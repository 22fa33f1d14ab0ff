"""Small helpers for driving the coach in scenario tests."""
from __future__ import annotations

import itertools

from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef

_ids = itertools.count(1)


def key(user: str = "ada", platform: str = "console", channel: str = "dm") -> ConversationKey:
    return ConversationKey(UserRef(platform, "w1", user), channel)


def say(text: str, k: ConversationKey | None = None, message_id: str | None = None, kind=EventKind.text, **kw) -> Event:
    return Event(key=k or key(), kind=kind, text=text,
                 message_id=message_id if message_id is not None else f"m{next(_ids)}", **kw)


def last(replies: list[r.Reply], kind: type) -> r.Reply | None:
    found = [x for x in replies if isinstance(x, kind)]
    return found[-1] if found else None


def current_question(replies: list[r.Reply]) -> r.QuestionReply:
    q = last(replies, r.QuestionReply)
    assert q is not None, f"no question in {replies}"
    return q
