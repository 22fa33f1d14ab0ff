"""Daily threads a process has seen, remembered without the store.

When the store is away, an adapter cannot ask whether a thread is a daily
question's. It tells the writer to send their answer again only if it has
seen that thread as a daily before: people chatting in other threads never
spoke to the bot and are left alone.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class SeenThreads:
    """The most recently seen daily threads, at most `size` of them."""

    def __init__(self, size: int = 2048) -> None:
        self._size = size
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def add(self, thread: Hashable) -> None:
        self._seen[thread] = None
        self._seen.move_to_end(thread)
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)

    def __contains__(self, thread: Hashable) -> bool:
        return thread in self._seen
