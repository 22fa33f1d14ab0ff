"""The ops endpoints on a real runtime: liveness, readiness against real Redis and Chroma, metrics."""
from __future__ import annotations

import socket
import types

import aiohttp
import pytest

from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.ops.metrics import MeteredCoach, sample
from bot.ops.server import bound_port, start_ops_server
from bot.store.connection import RedisHandle


@pytest.fixture(autouse=True)
def built_index(services):
    """Build the index before a probe: run alone, the first /readyz would build it, past its 2 s bound."""
    services.index  # noqa: B018


@pytest.fixture
async def ops(runtime):
    runner = await start_ops_server(runtime, 0, host="127.0.0.1")
    yield f"http://127.0.0.1:{bound_port(runner)}"
    await runner.cleanup()


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.text()


async def test_healthz_and_readyz_answer_when_redis_and_index_are_up(ops):
    status, body = await _get(ops + "/healthz")
    assert status == 200 and '"ok"' in body
    status, body = await _get(ops + "/readyz")
    assert status == 200, body
    assert '"ready"' in body


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket is closed


async def test_readyz_is_503_and_names_redis_when_redis_is_unreachable(services):
    handle = RedisHandle(f"redis://127.0.0.1:{_closed_port()}")
    runtime = types.SimpleNamespace(handle=handle, services=services)
    runner = await start_ops_server(runtime, 0, host="127.0.0.1")
    try:
        status, body = await _get(f"http://127.0.0.1:{bound_port(runner)}/readyz")
        health, _ = await _get(f"http://127.0.0.1:{bound_port(runner)}/healthz")
    finally:
        await runner.cleanup()
        await handle.close()
    assert status == 503
    assert "redis" in body and "index" not in body
    assert health == 200  # alive but not ready: Kubernetes stops routing, it does not restart the pod


async def test_metrics_count_turns_grades_and_duplicates(ops, runtime):
    coach = MeteredCoach(runtime.coach)
    key = ConversationKey(UserRef("discord", "G1", "ops-user"), "C1")
    before = {
        "ok": sample("coach_messages_total", {"platform": "discord", "outcome": "ok"}),
        "dup": sample("coach_messages_total", {"platform": "discord", "outcome": "duplicate"}),
        "grades": sample("coach_grade_score_count", {"platform": "discord"}),
        "turns": sample("coach_stage_seconds_count", {"stage": "turn"}),
    }
    assert await coach.handle(Event(key, EventKind.command, name="start", args={"track": "llm-engineer"},
                                    message_id="ops-1"))
    answer = Event(key, EventKind.text, text="I would tell the model to answer only from the passages "
                   "and to say it does not know otherwise.", message_id="ops-2")
    assert await coach.handle(answer)
    assert await coach.handle(answer) == []  # the platform delivered it again
    assert sample("coach_messages_total", {"platform": "discord", "outcome": "ok"}) == before["ok"] + 2
    assert sample("coach_messages_total", {"platform": "discord", "outcome": "duplicate"}) == before["dup"] + 1
    assert sample("coach_grade_score_count", {"platform": "discord"}) == before["grades"] + 1
    assert sample("coach_stage_seconds_count", {"stage": "turn"}) == before["turns"] + 3
    assert coach.deps is runtime.coach.deps  # the wrapper hides nothing adapters use

    status, text = await _get(ops + "/metrics")
    assert status == 200
    assert 'coach_messages_total{outcome="duplicate",platform="discord"}' in text
    assert "coach_stage_seconds_bucket" in text


async def test_readyz_is_503_while_an_adapter_check_fails(services, redis_url):
    handle = RedisHandle(redis_url)

    async def slack_socket():  # what `coach slack` adds in Socket Mode while the connection is down
        return "slack: Socket Mode is not connected"

    runtime = types.SimpleNamespace(handle=handle, services=services, checks=[slack_socket])
    runner = await start_ops_server(runtime, 0, host="127.0.0.1")
    try:
        status, body = await _get(f"http://127.0.0.1:{bound_port(runner)}/readyz")
        runtime.checks.clear()
        again, _ = await _get(f"http://127.0.0.1:{bound_port(runner)}/readyz")
    finally:
        await runner.cleanup()
        await handle.close()
    assert status == 503 and "Socket Mode is not connected" in body and "redis" not in body
    assert again == 200
