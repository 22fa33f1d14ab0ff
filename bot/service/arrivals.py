"""Within one process, a conversation's messages are handled one at a time, in the order they came.

Concurrent handlers of one conversation would otherwise race at every await: their journal
entries (which order what takes effect, see bot.service.interview_turns) could land in
another order than the messages came in, and the Redis turn lock (bot.store.sessions) is a
polling lock: whoever polls first after a release wins, not whoever waited longest. Here
each conversation has an asyncio lock, taken before anything is awaited; it wakes its
waiters first come, first served, so each message runs its own turn after the ones sent
before it and its replies come back with it.

The adapters post a message's replies while it still holds its place (Coach.handle's
`deliver`): replies posted after the place was given up could be overtaken on the wire by
the next message's, e.g. when Slack rate-limits the first post. Only the conversation's
own later messages wait on that network I/O; every other conversation has its own lock.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.engine.events import ConversationKey
from bot.store.errors import TurnBusy


class Arrivals:
    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}  # conversation -> (lock, messages using it)

    @asynccontextmanager
    async def turn(self, key: ConversationKey, wait_seconds: float) -> AsyncIterator[None]:
        """Hold the conversation's place until the block ends. TurnBusy when the messages ahead
        of this one take longer than wait_seconds."""
        lock, users = self._locks.get(key.id) or (asyncio.Lock(), 0)
        self._locks[key.id] = (lock, users + 1)
        try:
            try:
                async with asyncio.timeout(wait_seconds):
                    await lock.acquire()
            except TimeoutError:
                raise TurnBusy("the previous message of this conversation is still being handled") from None
            try:
                yield
            finally:
                lock.release()
        finally:
            lock, users = self._locks[key.id]
            if users == 1:
                del self._locks[key.id]  # nobody else is in line: a conversation leaves nothing behind
            else:
                self._locks[key.id] = (lock, users - 1)

    def __len__(self) -> int:
        """Conversations with a message being handled or waiting."""
        return len(self._locks)
