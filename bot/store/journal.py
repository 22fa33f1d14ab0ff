"""An interview message is recorded before it is handled.

Grading can take seconds (an LLM call) and the process can die meanwhile;
an answer written here first is never lost: `pending` lists what was
recorded but never handled, for recovery on the next message. A turn removes
its entries in the same transaction that stores the grade
(TurnWrites.journal_done), so "graded" and "no longer pending" agree.

Commands that move the interview (start, hint, skip, ...) are recorded too,
so the stream's order is the order a person's messages came in, and turns
take them in that order (bot.service.interview_turns).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import redis.asyncio as aioredis

from bot.engine.events import ConversationKey, UserRef
from bot.store.errors import guarded
from bot.store.keys import Keys

JOURNAL_CAP = 200  # per user; a stream this long means grading is broken, not busy


@dataclass(frozen=True)
class JournalEntry:
    id: str
    key: ConversationKey
    text: str
    message_id: str
    at: datetime
    intent: str = "answer"  # what it asks of the interview: "answer", or a command such as "skip"
    args: dict[str, str] = field(default_factory=dict)


class Journal:
    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    @guarded
    async def record_incoming(self, key: ConversationKey, text: str, message_id: str = "",
                              intent: str = "answer", args: dict[str, str] | None = None) -> str:
        """Append the message to the user's journal; returns the entry id for mark_done."""
        fields = {
            "channel": key.channel,
            "text": text,
            "message_id": message_id,
            "at": datetime.now(timezone.utc).isoformat(),
            "intent": intent,
            "args": json.dumps(dict(args or {}), ensure_ascii=False),
        }
        return await self.redis.xadd(self.keys.journal(key.user), fields, maxlen=JOURNAL_CAP, approximate=False)

    @guarded
    async def mark_done(self, user: UserRef, entry_id: str) -> bool:
        """Drop the entry; False when it was gone already (a turn took it in)."""
        return bool(await self.redis.xdel(self.keys.journal(user), entry_id))

    @guarded
    async def pending(self, user: UserRef) -> list[JournalEntry]:
        """Recorded but never handled, oldest first (entries of older versions are answers)."""
        rows = await self.redis.xrange(self.keys.journal(user))
        return [
            JournalEntry(
                id=entry_id,
                key=ConversationKey(user, f["channel"]),
                text=f["text"],
                message_id=f.get("message_id", ""),
                at=datetime.fromisoformat(f["at"]),
                intent=f.get("intent") or "answer",
                args=_args(f.get("args")),
            )
            for entry_id, f in rows
        ]


def _args(raw: str | None) -> dict[str, str]:
    try:
        args = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in args.items()} if isinstance(args, dict) else {}
