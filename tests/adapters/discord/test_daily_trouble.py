"""The daily when things go wrong: a store error in a round, a thread Discord will not open, a channel
that cannot hold a daily, and interview words typed in a daily thread."""
from __future__ import annotations

import logging

from bot.adapters.discord import daily as discord_daily

from . import payloads as p
from .helpers import bank_answer, post_daily, set_daily, titled

ADMIN = p.user(201, "mod", "Mod")
GRACE = p.user(202, "grace", "Grace")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}
FORUM, FORUM_POST = 910000000000000099, 910000000000000098


async def _set_daily(bot, fake, time: str = "09:00", **where) -> None:
    await set_daily(bot, fake, ADMIN, time, **where)


async def test_a_store_error_ends_only_that_round(discord_bot, fake_discord, guild, clock, caplog):
    """discord.py's loop stops for good on any error but a network one; a Redis error is not one."""
    await _set_daily(discord_bot, fake_discord, time="09:05")  # the clock says 09:00
    outbox = discord_bot.coach.deps.community.outbox
    queue = outbox._queue("discord")
    await outbox._redis.set(queue, "not a sorted set")  # reading the outbox now fails with WRONGTYPE
    caplog.set_level(logging.ERROR)
    assert await discord_bot.daily.post_due() == 0  # logged, not raised: the loop lives on
    assert any("trying again next minute" in rec.getMessage() for rec in caplog.records)

    await outbox._redis.delete(queue)  # the store is well again: a later minute posts
    clock.advance(minutes=5)
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 1
    await fake_discord.wait_for(titled("Daily question · 2026-11-16"), since=mark)


async def test_a_thread_discord_fails_to_open_is_tried_again(discord_bot, fake_discord, guild, services):
    discord_bot.daily.thread_retry_pause = 0
    await _set_daily(discord_bot, fake_discord)
    fake_discord.failing_threads[p.CHANNEL_ID] = [503]  # discord.py raises a 503 at once
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 1
    post = await fake_discord.wait_for(titled("Daily question"), since=mark)
    tries = [r for r in fake_discord.since(mark) if r.path.endswith("/threads")]
    assert len(tries) == 2 and not fake_discord.failing_threads[p.CHANNEL_ID]
    thread_id = int(tries[-1].path.split("/")[-2])
    discord_bot._connection.parse_thread_create(p.thread(thread_id, p.CHANNEL_ID))

    mark = len(fake_discord.requests)
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, answer, guild_id=p.GUILD_ID))
    await fake_discord.wait_for(titled("Your feedback"), since=mark)


async def test_a_thread_that_cannot_be_opened_is_announced_and_a_members_thread_works(discord_bot, fake_discord,
                                                                                       guild, services):
    discord_bot.daily.thread_retry_pause = 0
    await _set_daily(discord_bot, fake_discord)
    fake_discord.failing_threads[p.CHANNEL_ID] = [503] * discord_daily.THREAD_TRIES
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 1
    post = await fake_discord.wait_for(titled("Daily question"), since=mark)
    note = await fake_discord.wait_for(lambda r: "Start one on this message" in r.text(), since=mark)
    posted = [r for r in fake_discord.since(mark) if titled("Daily question")(r)]
    assert note.path == f"/channels/{p.CHANNEL_ID}/messages" and len(posted) == 1
    post_id = int(note.body["message_reference"]["message_id"])  # the note replies to the post

    # a member opens the thread on the post themselves: a thread from a message has the message's id
    discord_bot._connection.parse_thread_create(p.thread(post_id, p.CHANNEL_ID, owner_id=int(GRACE["id"])))
    mark = len(fake_discord.requests)
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(post_id, GRACE, answer, guild_id=p.GUILD_ID))
    await fake_discord.wait_for(titled("Your feedback"), since=mark)


def _forum_guild() -> dict:
    guild = p.guild_create()
    forum = p.text_channel(FORUM, name="prep-forum")
    forum.update(type=15, available_tags=[])
    guild["channels"].append(forum)
    guild["threads"] = [p.thread(FORUM_POST, FORUM, owner_id=201)]
    return guild


async def test_daily_set_is_refused_where_no_daily_can_be_posted(discord_bot, fake_discord):
    discord_bot._connection._add_guild_from_data(_forum_guild())
    state = discord_bot._connection
    in_post = {"guild_id": p.GUILD_ID, "channel_id": FORUM_POST,
               "channel": p.thread(FORUM_POST, FORUM, owner_id=201)}  # a forum post is a thread
    forum = p.text_channel(FORUM, name="prep-forum")
    forum["type"] = 15
    for where in (in_post, {"guild_id": p.GUILD_ID, "channel_id": FORUM, "channel": forum}):
        mark = len(fake_discord.requests)
        state.parse_interaction_create(p.command("daily", ADMIN, {"time": "09:00", "tz": "UTC"}, sub="set",
                                                 permissions=p.ADMIN_PERMISSIONS, **where))
        refused = await fake_discord.wait_for(lambda r: "needs a text or announcement channel" in r.text(), since=mark)
        assert refused.shown_privately

    no_threads = str(int(p.BOT_PERMISSIONS) & ~(1 << 35))  # the bot may post but not open threads
    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.command("daily", ADMIN, {"time": "09:00", "tz": "UTC"}, sub="set",
                                             permissions=p.ADMIN_PERMISSIONS, app_permissions=no_threads, **WHERE))
    refused = await fake_discord.wait_for(lambda r: "Create Public Threads" in r.text(), since=mark)
    assert refused.shown_privately and "Send Messages," not in refused.text()
    assert await discord_bot.daily.post_due() == 0  # nothing was set up


async def test_interview_words_in_a_daily_thread_start_nothing_and_post_nothing_public(discord_bot, fake_discord,
                                                                                       guild):
    await _set_daily(discord_bot, fake_discord)
    _, thread_id = await post_daily(discord_bot, fake_discord)

    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, "start llm junior 3",
                                                           guild_id=p.GUILD_ID))
    pointer = await fake_discord.wait_for(lambda r: "is about your mock interviews" in r.text(), since=mark)
    dm = int(pointer.path.split("/")[2])
    assert fake_discord.dm_owner.get(dm) == int(GRACE["id"])  # told by DM: plain messages can't be ephemeral
    assert [r for r in fake_discord.since(mark) if r.carries_message] == [pointer]

    mark = len(fake_discord.requests)  # and no interview was started
    discord_bot._connection.parse_message_create(p.message(dm, GRACE, "status"))
    await fake_discord.wait_for(lambda r: "No interview running" in r.text(), since=mark)


async def test_every_daily_is_posted_before_any_thread_is_tried_again(discord_bot, fake_discord, guild):
    """Threads open after all posts are out, side by side: one channel whose thread Discord keeps refusing
    (tried again, with pauses) holds up no other channel's daily."""
    other_guild, other_channel = 910000000000000301, 910000000000000302
    fake_discord.guild_of[other_channel] = other_guild
    discord_bot._connection._add_guild_from_data(p.guild_create(other_guild, other_channel))
    discord_bot.daily.thread_retry_pause = 0
    await _set_daily(discord_bot, fake_discord)
    await _set_daily(discord_bot, fake_discord, guild_id=other_guild, channel_id=other_channel)
    fake_discord.failing_threads[p.CHANNEL_ID] = [503] * discord_daily.THREAD_TRIES
    fake_discord.failing_threads[other_channel] = [503] * discord_daily.THREAD_TRIES
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 2
    sent = fake_discord.since(mark)
    posts = [i for i, r in enumerate(sent) if titled("Daily question")(r)]
    tries = [i for i, r in enumerate(sent) if r.path.endswith("/threads")]
    assert len(posts) == 2 and len(tries) == 2 * discord_daily.THREAD_TRIES
    assert max(posts) < min(tries)
