"""Real Redis for the store tests.

REDIS_URL when set, else one embedded Valkey server for the session. Each test
gets its own random key namespace and deletes only that namespace afterwards,
because the Redis on 6379 is shared with other test runs.
"""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from fsrs import Scheduler

from bot.engine.events import ConversationKey, UserRef
from bot.settings import Settings
from bot.store.keys import Keys
from bot.store.repos import Store


@pytest.fixture
async def keys(redis: aioredis.Redis) -> AsyncIterator[Keys]:
    keys = Keys(namespace=f"test-{uuid.uuid4().hex[:12]}")
    yield keys
    leftovers = [k async for k in redis.scan_iter(match=keys.all_pattern(), count=1000)]
    if leftovers:
        await redis.delete(*leftovers)


@pytest.fixture
def settings(redis_url: str, tmp_path) -> Settings:
    return Settings(redis_url=redis_url, data_dir=tmp_path, session_ttl_seconds=3600)


@pytest.fixture
def store(redis: aioredis.Redis, settings: Settings, keys: Keys) -> Store:
    # no fuzz: the same grades give the same schedule, so tests can compare intervals
    return Store.build(redis, settings, keys, scheduler=Scheduler(enable_fuzzing=False))


@pytest.fixture
def alice() -> UserRef:
    return UserRef("slack", "T1", "U1")


@pytest.fixture
def conv(alice: UserRef) -> ConversationKey:
    return ConversationKey(alice, "D1")
