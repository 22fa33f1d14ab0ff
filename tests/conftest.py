"""Shared fixtures: one real Redis, one embedding model, one built index per test session.

Redis: REDIS_URL when set, else an embedded Valkey for the session. The Redis
on 127.0.0.1:6379 may be shared, so every test gets its own key namespace and
deletes only that afterwards.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.settings import ROOT, Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class FakeClock:
    """Time a test moves by hand; callable (epoch seconds) for the coach, `.now()` for the community."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)  # a Monday

    def __call__(self) -> float:
        return self._now.timestamp()

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    from bot.store.connection import EmbeddedValkey

    server = EmbeddedValkey(tmp_path_factory.mktemp("valkey"))
    yield server.start()
    server.stop()


@pytest.fixture(scope="session")
async def redis(redis_url: str) -> AsyncIterator:
    """A plain client on the test Redis, for the store and community tests."""
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("coach-data")


@pytest.fixture(scope="session")
def services(redis_url: str, session_data_dir: Path):
    """Settings on a temporary data folder; model, pack, index and grader built once."""
    from bot.bootstrap import Services

    settings = Settings(_env_file=None, redis_url=redis_url, data_dir=session_data_dir,
                        pack_dir=ROOT / "knowledge", llm_provider="none")
    services = Services(settings)
    services.warm_up()
    return services


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def runtime(services, clock) -> AsyncIterator:
    """A running coach on real Redis with its own key namespace, driven by `clock`."""
    from bot.bootstrap import start_runtime
    from bot.store.keys import Keys

    namespace = f"test-{uuid.uuid4().hex[:12]}"
    rt = await start_runtime(services, clock=clock, community_clock=clock, store_keys=Keys(namespace=namespace),
                             community_prefix=f"{namespace}-community:")
    yield rt
    leftovers = [k async for k in rt.handle.client.scan_iter(match=f"{namespace}*", count=1000)]
    if leftovers:
        await rt.handle.client.delete(*leftovers)
    await rt.close()


@pytest.fixture
def coach(runtime):
    return runtime.coach
