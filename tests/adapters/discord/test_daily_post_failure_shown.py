"""A daily post Discord refuses (the bot lost access to the channel, or the right to post there) is shown to
managers in `/daily show` with Discord's own words for it, as Slack's error word is, until a post gets
through again. Discord's API is the local fake, answering as Discord does."""
from __future__ import annotations

import pytest

from . import payloads as p
from .helpers import is_followup, set_daily

ADMIN = p.user(201, "mod", "Mod")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


async def _daily_show(bot, fake) -> str:
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(p.command("daily", ADMIN, {}, sub="show",
                                                       permissions=p.ADMIN_PERMISSIONS, **WHERE))
    shown = await fake.wait_for(lambda r: is_followup(r) and "Daily question" in r.text(), since=mark)
    return shown.text().replace("\u200b", "")


@pytest.mark.parametrize("code, words, advice", [
    (50001, "Missing Access", "give the bot access to this channel"),
    (50013, "Missing Permissions", "Send Messages, Embed Links and Create Public Threads")])
async def test_discords_refusal_is_shown_in_daily_status_until_a_post_gets_through(discord_bot, fake_discord, guild,
                                                                                   clock, code, words, advice):
    await set_daily(discord_bot, fake_discord, ADMIN)
    fake_discord.failing[p.CHANNEL_ID] = [(403, code, words)]
    assert await discord_bot.daily.post_due() == 0
    status = await _daily_show(discord_bot, fake_discord)
    assert "failed" in status and words in status and str(code) in status and "dropped" in status, status
    assert advice in status and "/invite" not in status, status  # Discord's fix, not Slack's
    clock.advance(days=1)  # access given back: the next day's post goes out and the note goes
    assert await discord_bot.daily.post_due() == 1
    assert words not in await _daily_show(discord_bot, fake_discord)
