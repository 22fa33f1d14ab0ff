"""Run the Slack bot until interrupted: socket or HTTP mode, plus the daily loop."""
from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from bot.adapters.slack.app import SlackBot, build_bot
from bot.adapters.slack.daily import daily_loop

log = logging.getLogger(__name__)


async def serve(settings, coach, checks: list | None = None) -> None:
    """`checks`: the runtime's readiness checks; Socket Mode adds whether its connection is up."""
    bot = build_bot(settings, coach)
    loop_task = asyncio.create_task(daily_loop(bot.client, coach))
    try:
        if settings.slack_mode == "socket":
            await _socket(bot, settings, checks if checks is not None else [])
        else:
            await _http(bot, settings)
    finally:
        loop_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop_task
        await bot.work.drain()


async def _socket(bot: SlackBot, settings, checks: list) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())

    async def slack_socket() -> str | None:
        return None if await handler.client.is_connected() else "slack: Socket Mode is not connected"

    checks.append(slack_socket)
    await handler.connect_async()
    log.info("connected to Slack over Socket Mode")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()


async def _http(bot: SlackBot, settings) -> None:
    runner = web.AppRunner(bot.web_app())
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", settings.slack_port).start()
    log.info("serving Slack events on :%s/slack/events", settings.slack_port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
