"""`coach discord` with a token or intent Discord refuses ends in one line that says what to fix."""
from __future__ import annotations

import discord
import pytest
from aiohttp import web

from bot.adapters.discord.bot import CoachBot
from bot.cli import setup_problem


@pytest.fixture
async def discord_refusing_the_token(monkeypatch):
    """Discord's REST API as it answers a wrong bot token: 401 on GET /users/@me."""
    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    yield
    await runner.cleanup()


async def test_a_refused_token_says_to_reset_it_in_the_developer_portal(coach, discord_refusing_the_token):
    bot = CoachBot(coach, message_content=True)
    with pytest.raises(discord.LoginFailure) as refused:
        await bot.login("not-a-real-token")
    await bot.close()
    line, code = setup_problem(refused.value)
    assert code == 2 and "DISCORD_TOKEN" in line and "Reset Token" in line and "\n" not in line


def test_a_missing_privileged_intent_says_where_to_enable_it():
    line, code = setup_problem(discord.PrivilegedIntentsRequired(None))
    assert code == 2 and "Message Content Intent" in line and "DISCORD_MESSAGE_CONTENT=false" in line
