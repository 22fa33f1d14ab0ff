"""Members whose DMs are closed to the bot: what they hear in the server, and where."""
from __future__ import annotations

from . import payloads as p
from .helpers import bank_answer, is_followup, post_daily, set_daily

ADMIN = p.user(201, "mod", "Mod")
IRIS = p.user(207, "iris", "Iris")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


async def test_a_daily_answer_from_closed_dms_is_counted_and_told_so_in_a_reply(discord_bot, fake_discord, guild,
                                                                              services):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    fake_discord.closed_dms.add(int(IRIS["id"]))
    mark = len(fake_discord.requests)
    answer = p.message(thread_id, IRIS, bank_answer(services, post.embeds()[0]["description"]), guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(answer)
    said = await fake_discord.wait_for(lambda r: r.path == f"/channels/{thread_id}/messages" and r.carries_message,
                                       since=mark)
    text = said.text()
    assert str(said.data["message_reference"]["message_id"]) == answer["id"]  # a reply to her answer
    assert said.data["allowed_mentions"]["parse"] == [] and not said.data["allowed_mentions"].get("replied_user")
    assert text.startswith("Your answer was graded: ") and " points." in text and "Streak: 1 day." in text
    assert "next time" in text and "try again" not in text


async def test_a_store_outage_note_for_closed_dms_replies_to_the_message(discord_bot, fake_discord, guild,
                                                                         monkeypatch, services):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    fake_discord.closed_dms.add(int(IRIS["id"]))
    mark = len(fake_discord.requests)  # the thread is known as a daily's once it was answered in
    first = p.message(thread_id, IRIS, bank_answer(services, post.embeds()[0]["description"]), guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(first)
    await fake_discord.wait_for(lambda r: "graded" in r.text(), since=mark)

    async def store_gone(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(discord_bot.coach.deps.community, "daily_for_thread", store_gone)
    mark = len(fake_discord.requests)
    again = p.message(thread_id, IRIS, "One more thought on it.", guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(again)
    said = await fake_discord.wait_for(lambda r: r.path == f"/channels/{thread_id}/messages" and r.carries_message,
                                       since=mark)
    assert str(said.data["message_reference"]["message_id"]) == again["id"]
    assert "direct message" in said.text()


def _dm_posts(fake, since: int) -> list:
    return [r for r in fake.since(since) if r.method == "POST" and r.path.startswith("/channels/")
            and int(r.path.split("/")[2]) in fake.dm_owner]


async def _slash(bot, fake, name: str, who: dict, options: dict | None = None):
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(p.command(name, who, options, **WHERE))
    return mark, await fake.wait_for(lambda r: is_followup(r) and r.carries_message, since=mark)


async def test_hint_skip_and_end_in_a_server_with_no_interview_answer_in_place(discord_bot, fake_discord, guild):
    for name in ("hint", "skip", "end"):
        mark, said = await _slash(discord_bot, fake_discord, name, IRIS)
        assert said.shown_privately and "No interview running" in said.text(), name
        assert "DMs" not in said.text() and not _dm_posts(fake_discord, mark), name


async def test_end_in_a_server_says_the_summary_is_in_the_dms(discord_bot, fake_discord, guild):
    mark, started = await _slash(discord_bot, fake_discord, "interview", IRIS, {"track": "llm-engineer", "length": 3})
    assert "answer there by replying" in started.text() and _dm_posts(fake_discord, mark)
    mark, hinted = await _slash(discord_bot, fake_discord, "hint", IRIS)
    assert "answer there by replying" in hinted.text() and _dm_posts(fake_discord, mark)
    mark, ended = await _slash(discord_bot, fake_discord, "end", IRIS)
    assert ended.shown_privately and ended.text() == "Your summary is in your DMs."
    assert any("summary" in t.lower() for r in _dm_posts(fake_discord, mark) for t in r.titles())


async def test_an_image_alone_in_a_daily_thread_gets_the_only_text_note_privately(discord_bot, fake_discord, guild):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(p.message(thread_id, IRIS, "", guild_id=p.GUILD_ID,
                                                           attachments=[p.attachment()]))
    said = await fake_discord.wait_for(lambda r: "no text in it" in r.text(), since=mark)
    assert fake_discord.dm_owner[int(said.path.split("/")[2])] == int(IRIS["id"])  # her DM, not the thread
    assert not [r for r in fake_discord.since(mark) if r.path == f"/channels/{thread_id}/messages"]
