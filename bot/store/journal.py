"""The answer is recorded before it is graded.

Grading can take seconds (an LLM call) and the process can die meanwhile;
an answer written here first is never lost: `pending` lists what was
recorded but never graded, for recovery at start-up or on the next message.
A turn removes its entry in the same transaction that stores the grade
(TurnWrites.journal_done), so "graded" and "no longer pending" agree.
"""
from __future__ import annotations

from dataclasses import dataclass
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


class Journal:
    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    @guarded
    async def record_incoming(self, key: ConversationKey, text: str, message_id: str = "") -> str:
        """Append the answer to the user's journal; returns the entry id for mark_done."""
        fields = {
            "channel": key.channel,
            "text": text,
            "message_id": message_id,
            "at": datetime.now(timezone.utc).isoformat(),
        }
        return await self.redis.xadd(self.keys.journal(key.user), fields, maxlen=JOURNAL_CAP, approximate=False)

    @guarded
    async def mark_done(self, user: UserRef, entry_id: str) -> None:
        await self.redis.xdel(self.keys.journal(user), entry_id)

    @guarded
    async def pending(self, user: UserRef) -> list[JournalEntry]:
        """Recorded but never graded, oldest first."""
        rows = await self.redis.xrange(self.keys.journal(user))
        return [
            JournalEntry(
                id=entry_id,
                key=ConversationKey(user, f["channel"]),
                text=f["text"],
                message_id=f.get("message_id", ""),
                at=datetime.fromisoformat(f["at"]),
            )
            for entry_id, f in rows
        ]
