"""Where "now" comes from, so a test can run a week of dailies in milliseconds.

Every public call also takes an explicit ``now``; the clock is only the
default when the caller has none.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock a test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware(start)

    def now(self) -> datetime:
        return self._now

    def __call__(self) -> float:
        """Epoch seconds, as time.time gives them: the coach's interview turns call their clock (CoachDeps.clock),
        so one ManualClock can drive the dailies and the interviews of a test together."""
        return self._now.timestamp()

    def set(self, when: datetime) -> None:
        self._now = require_aware(when)

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


def require_aware(when: datetime) -> datetime:
    # a naive datetime would silently mean the server's zone; refuse it early
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("community times must be timezone-aware datetimes")
    return when
