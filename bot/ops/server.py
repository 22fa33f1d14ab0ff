"""The operations endpoints: /healthz, /readyz and /metrics on their own port.

They run on a separate aiohttp app (not the Slack HTTP listener) so a probe
never competes with Slack's 3-second acknowledgement budget, and so the
Discord bot, which has no HTTP server of its own, can be probed the same way.

/healthz: the process and its event loop answer (liveness: restart me if not).
/readyz: Redis answers PING, the knowledge index answers and each check an
adapter added to `runtime.checks` passes (Slack's Socket Mode connection is
up), for readiness: route traffic to me; each check is bounded so a hung dependency gives a 503, not a
hung probe.
"""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.ops.metrics import REGISTRY

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 2.0


async def _check_redis(runtime) -> str | None:
    try:
        ok = await asyncio.wait_for(runtime.handle.ping(), CHECK_TIMEOUT)
    except Exception as exc:  # a probe reports, it never raises
        return f"redis: {type(exc).__name__}"
    return None if ok else "redis: no answer to PING"


async def _check_index(runtime) -> str | None:
    try:
        # Chroma's client is blocking, and the first `services.index` opens (or even builds)
        # the index: both stay off the event loop, or one probe would stall every chat
        count = await asyncio.wait_for(asyncio.to_thread(lambda: runtime.services.index.count()), CHECK_TIMEOUT)
    except Exception as exc:
        return f"index: {type(exc).__name__}"
    return None if count > 0 else "index: empty (run `coach ingest`)"


async def _bounded(check) -> str | None:
    try:
        return await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except Exception as exc:
        return f"{getattr(check, '__name__', 'check')}: {type(exc).__name__}"


def build_app(runtime) -> web.Application:
    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        extra = [_bounded(check) for check in getattr(runtime, "checks", ())]
        problems = [p for p in await asyncio.gather(_check_redis(runtime), _check_index(runtime), *extra) if p]
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics(_: web.Request) -> web.Response:
        body = generate_latest(REGISTRY)
        # aiohttp refuses a content_type with parameters; pass the header whole
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def start_ops_server(runtime, port: int, host: str = "0.0.0.0") -> web.AppRunner:
    """Serve the endpoints in the running event loop; `await runner.cleanup()` stops them.

    port 0 picks a free port (tests): read it back with `bound_port(runner)`.
    """
    runner = web.AppRunner(build_app(runtime), access_log=None)  # probes every few seconds would drown the logs
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("ops server listening", extra={"port": bound_port(runner)})
    return runner


def bound_port(runner: web.AppRunner) -> int:
    for site in runner.sites:
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            return server.sockets[0].getsockname()[1]
    raise RuntimeError("the ops server is not listening")
