"""What is one person's stays theirs: /forget-me everywhere, private refusals after a public defer,
feedback that survives a 503, and one rule for who may change the daily."""
from __future__ import annotations

from . import payloads as p
from .helpers import bank_answer, is_followup, post_daily, set_daily, titled

ADMIN = p.user(201, "mod", "Mod")
GRACE = p.user(202, "grace", "Grace")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}
GRACE_DM = 930000000000000202
OTHER_GUILD, OTHER_CHANNEL = 910000000000000201, 910000000000000202


async def _daily_with_thread(bot, fake) -> tuple:
    await set_daily(bot, fake, ADMIN)
    return await post_daily(bot, fake)


async def _run(bot, fake, name: str, who: dict, options: dict | None = None, sub: str | None = None, *,
               expect, **where):
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(p.command(name, who, options, sub=sub, **where))
    return await fake.wait_for(lambda r: is_followup(r) and expect(r), since=mark)


async def test_forget_me_in_a_dm_forgets_every_server_too(discord_bot, fake_discord, guild, services):
    other = p.guild_create(OTHER_GUILD, OTHER_CHANNEL)
    other["name"] = "Night owls"
    fake_discord.guild_of[OTHER_CHANNEL] = OTHER_GUILD
    discord_bot._connection._add_guild_from_data(other)
    post, thread_id = await _daily_with_thread(discord_bot, fake_discord)
    mark = len(fake_discord.requests)  # points and a streak in the first server
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, answer, guild_id=p.GUILD_ID))
    await fake_discord.wait_for(lambda r: "points" in r.text(), since=mark)
    there = {"guild_id": OTHER_GUILD, "channel_id": OTHER_CHANNEL}  # a study group in the second
    await _run(discord_bot, fake_discord, "group", GRACE, {"name": "owls"}, sub="create",
               expect=lambda r: "joined the group owls" in r.text(), **there)

    done = await _run(discord_bot, fake_discord, "forget-me", GRACE, expect=lambda r: "deleted" in r.text(),
                      dm=GRACE_DM)
    text = done.text()
    assert "Study club" in text and "Night owls" in text and "nothing stored" not in text

    board = await _run(discord_bot, fake_discord, "leaderboard", ADMIN, {"period": "all"},
                       expect=titled("All time"), **WHERE)
    assert "Grace" not in board.text()
    groups = await _run(discord_bot, fake_discord, "groups", GRACE, expect=lambda r: bool(r.text()), **there)
    assert "owls" not in groups.text()

    again = await _run(discord_bot, fake_discord, "forget-me", GRACE, expect=lambda r: bool(r.text()), **WHERE)
    assert again.text() == "I had nothing stored about you. Nothing to delete." and again.shown_privately


async def test_a_refusal_after_the_public_leaderboard_defer_stays_private(discord_bot, fake_discord, guild):
    mark = len(fake_discord.requests)
    refused = await _run(discord_bot, fake_discord, "leaderboard", GRACE, {"group": "nope"},
                         expect=lambda r: "nope" in r.text(), **WHERE)
    assert refused.shown_privately
    defer = next(r for r in fake_discord.since(mark) if r.path.endswith("/callback"))
    assert not defer.shown_privately  # a board is for everyone, so the defer was public

    board = await _run(discord_bot, fake_discord, "leaderboard", GRACE, expect=titled("This week"), **WHERE)
    assert not board.shown_privately


async def test_a_refusal_stays_private_even_when_the_thinking_message_cannot_be_deleted(discord_bot, fake_discord,
                                                                                       guild):
    fake_discord.failing_original_deletes = [404]
    refused = await _run(discord_bot, fake_discord, "leaderboard", GRACE, {"group": "nope"},
                         expect=lambda r: "nope" in r.text(), **WHERE)
    assert refused.shown_privately


async def test_a_daily_answer_during_a_store_outage_is_told_to_send_it_again(discord_bot, fake_discord, guild,
                                                                               services, monkeypatch):
    post, thread_id = await _daily_with_thread(discord_bot, fake_discord)
    mark = len(fake_discord.requests)  # an answer in the daily's thread, while the store is there
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, answer, guild_id=p.GUILD_ID))
    await fake_discord.wait_for(lambda r: "points" in r.text(), since=mark)

    async def store_gone(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(discord_bot.coach.deps.community, "daily_for_thread", store_gone)
    mark = len(fake_discord.requests)
    other = thread_id + 7  # some other thread of the channel, where people chat
    discord_bot._connection.parse_thread_create(p.thread(other, p.CHANNEL_ID, p.GUILD_ID, "lunch"))
    discord_bot._connection.parse_message_create(p.message(other, ADMIN, "lunch at 12?", guild_id=p.GUILD_ID))
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, "One more thought on it.",
                                                           guild_id=p.GUILD_ID))
    await fake_discord.wait_for(lambda r: "memory store" in r.text(), since=mark)
    assert sum("memory store" in r.text() for r in fake_discord.since(mark)) == 1, "only the daily answerer"


async def test_feedback_dm_that_discord_fails_with_503_is_sent_again(discord_bot, fake_discord, guild, services):
    post, thread_id = await _daily_with_thread(discord_bot, fake_discord)
    fake_discord.failing_dms[int(GRACE["id"])] = [503]
    mark = len(fake_discord.requests)
    answer = bank_answer(services, post.embeds()[0]["description"])
    discord_bot._connection.parse_message_create(p.message(thread_id, GRACE, answer, guild_id=p.GUILD_ID))
    feedback = await fake_discord.wait_for(lambda r: titled("Your feedback")(r) and r.status == 200, since=mark)
    assert fake_discord.dm_owner[int(feedback.path.split("/")[2])] == int(GRACE["id"])
    refused = [r for r in fake_discord.since(mark) if titled("Your feedback")(r) and r.status == 503]
    assert len(refused) == 1  # refused once, then sent again


async def test_only_manage_server_changes_the_daily_by_slash_command_or_thread_words(discord_bot, fake_discord,
                                                                                    guild, clock):
    _, thread_id = await _daily_with_thread(discord_bot, fake_discord)
    state = discord_bot._connection
    manage_channels = str(1 << 4 | 1 << 10 | 1 << 11)
    state.parse_guild_role_create({"guild_id": str(p.GUILD_ID), "role": {
        "id": "777", "name": "channel-mods", "permissions": manage_channels, "position": 1, "color": 0,
        "hoist": False, "managed": False, "mentionable": False, "flags": 0}})
    mod = p.user(203, "chanmod", "ChanMod")

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.command("daily", mod, sub="off", permissions=manage_channels, **WHERE))
    refused = await fake_discord.wait_for(lambda r: "Manage Server" in r.text(), since=mark)
    assert refused.shown_privately

    mark = len(fake_discord.requests)
    words = p.message(thread_id, mod, "daily off", guild_id=p.GUILD_ID)
    words["member"]["roles"] = ["777"]
    state.parse_message_create(words)
    await fake_discord.wait_for(lambda r: "Manage Server" in r.text() and r.path.startswith("/channels/"), since=mark)

    clock.advance(days=1)  # the daily is still on: tomorrow's is posted
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 2  # yesterday's recap and today's question
    await fake_discord.wait_for(titled("Daily question · 2026-11-17"), since=mark)
