"""A CoachBot on the lead's real coach, logged in against a local fake of Discord's REST API.

No gateway: tests feed gateway payloads to the bot's own ConnectionState
parsers (parse_message_create, parse_interaction_create, ...), exactly the
calls the websocket would make.
"""
from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest

from bot.adapters.discord.bot import CoachBot

from . import payloads as p
from .fake_discord import FakeDiscord


@pytest.fixture
async def fake_discord(monkeypatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    base = await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", base)
    yield fake
    await fake.stop()


async def logged_in_bot(coach, message_content: bool) -> CoachBot:
    """A bot logged in against the fake (tests call it again to stand for a restart)."""
    bot = CoachBot(coach, message_content=message_content)
    await bot.login("fake-token")  # GET /users/@me, GET application, then setup_hook (sync)
    return bot


@pytest.fixture
async def discord_bot(coach, fake_discord) -> AsyncIterator[CoachBot]:
    bot = await logged_in_bot(coach, message_content=True)
    yield bot
    await bot.close()


@pytest.fixture
async def intentless_bot(coach, fake_discord) -> AsyncIterator[CoachBot]:
    """A bot that was not granted the message content intent: answers come through the modal."""
    bot = await logged_in_bot(coach, message_content=False)
    yield bot
    await bot.close()


@pytest.fixture
def guild(discord_bot: CoachBot, fake_discord: FakeDiscord):
    """The guild as GUILD_CREATE delivers it on connect."""
    fake_discord.guild_of[p.CHANNEL_ID] = p.GUILD_ID
    return discord_bot._connection._add_guild_from_data(p.guild_create())
