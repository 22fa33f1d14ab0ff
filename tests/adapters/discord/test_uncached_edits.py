"""Edits of messages discord.py never cached (written before a restart), in a thread it does not hold either
(an archived daily thread is dropped from its cache and not sent on connect): read as a cached edit is."""
from __future__ import annotations

import discord

from . import payloads as p
from .conftest import logged_in_bot
from .helpers import bank_answer, post_daily, set_daily

ADMIN = p.user(201, "mod", "Mod")
GRACE = p.user(203, "grace", "Grace")


def edited(original: dict, text: str, minute: int) -> dict:
    return {**original, "content": text, "edited_timestamp": f"2026-11-16T10:{minute}:00.000000+00:00"}


async def test_an_answer_written_before_a_restart_and_edited_after_is_a_new_try(discord_bot, fake_discord, guild,
                                                                               services, coach):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    answer = bank_answer(services, post.embeds()[0]["description"])
    first = p.message(thread_id, GRACE, "It is about finding things.", guild_id=p.GUILD_ID)
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(first)
    await fake_discord.wait_for(lambda r: "points" in r.text() and "streak" in r.text().lower(), since=mark)

    await discord_bot.close()  # a restart: no message in the cache, and the archived thread not sent
    bot = await logged_in_bot(coach, message_content=True)
    try:
        bot._connection._add_guild_from_data(p.guild_create())
        mark = len(fake_discord.requests)
        bot._connection.parse_message_update(edited(first, answer, 10))
        counted = await fake_discord.wait_for(lambda r: "edited answer as a new try" in r.text(), since=mark)
        assert "It beats your" in counted.text() and counted.path != f"/channels/{thread_id}/messages"

        bot._connection.parse_thread_create(p.thread(thread_id, p.CHANNEL_ID))  # the thread known, the message not
        mark = len(fake_discord.requests)
        bot._connection.parse_message_update(edited(first, "It is about finding things.", 11))
        kept = await fake_discord.wait_for(lambda r: "edited answer as a new try" in r.text(), since=mark)
        assert "Your best answer so far scored" in kept.text()

        # a DM edit is not read, cached or not: the same after a restart (awaited, so nothing is final)
        dm = p.message(p.snowflake(), GRACE, answer)
        update = edited(dm, answer + " And more.", 12)
        raw = discord.RawMessageUpdateEvent(data=update, message=discord.Message(
            state=bot._connection, channel=bot._connection._get_guild_channel(update)[0], data=update))
        mark = len(fake_discord.requests)
        await bot.on_raw_message_edit(raw)
        assert fake_discord.since(mark) == []
    finally:
        await bot.close()
