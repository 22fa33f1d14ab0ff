"""The bots' runtime: a measured coach and the health and metrics endpoints on OPS_PORT."""
from __future__ import annotations

import aiohttp

from bot.bootstrap import Services, start_service

from tests.engine.helpers import say


async def test_start_service_serves_health_readiness_and_metrics(services, free_tcp_port):
    settings = services.settings.model_copy(update={"ops_port": free_tcp_port})
    runtime = await start_service(Services(settings))
    try:
        await runtime.coach.handle(say("help"))
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{free_tcp_port}"
            async with http.get(base + "/healthz") as resp:
                assert resp.status == 200
            async with http.get(base + "/readyz") as resp:
                assert resp.status == 200
            async with http.get(base + "/metrics") as resp:
                assert 'coach_messages_total{outcome="ok",platform="console"}' in await resp.text()
    finally:
        await runtime.close()
