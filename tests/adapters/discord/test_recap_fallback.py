"""A daily's recap reaches its channel even when its thread will not take it."""
from __future__ import annotations

from . import payloads as p
from .helpers import bank_answer, post_daily, set_daily, titled

ADMIN = p.user(201, "mod", "Mod")
JUNO = p.user(208, "juno", "Juno")


async def test_a_recap_the_thread_refuses_is_posted_in_the_channel(discord_bot, fake_discord, guild, services, clock):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    mark = len(fake_discord.requests)
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(thread_id, JUNO, answer, guild_id=p.GUILD_ID))
    await fake_discord.wait_for(lambda r: "Streak" in r.text(), since=mark)

    fake_discord.failing[thread_id] = [403]  # the thread was locked, or the bot lost Send Messages in Threads
    clock.advance(days=1)
    mark = len(fake_discord.requests)
    await discord_bot.daily.post_due()
    recaps = [r for r in fake_discord.since(mark) if titled("Daily recap")(r)]
    assert [r.status for r in recaps] == [403, 200]
    assert recaps[-1].path == f"/channels/{p.CHANNEL_ID}/messages" and "Juno" in recaps[-1].text()
    assert await discord_bot.coach.deps.community.outbox.pending("discord") == 0
