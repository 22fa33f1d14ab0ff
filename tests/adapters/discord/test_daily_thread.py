"""The daily question in a guild: admin setup, the post and its thread, a thread answer, the board, the recap."""
from __future__ import annotations

import discord

from . import payloads as p
from .helpers import assert_mention_safe, bank_answer, is_followup, post_daily, set_daily, titled

ADMIN = p.user(201, "mod", "Mod")
GRACE = p.user(202, "grace", "@everyone fan")  # a display name that would ping if echoed raw
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


async def test_daily_post_thread_answer_board_and_recap(discord_bot, fake_discord, guild, services, clock):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("daily", GRACE, {"time": "09:00"}, sub="set", **WHERE))
    refused = await fake_discord.wait_for(lambda r: "Manage Server" in r.text())
    assert refused.data["flags"] & 64  # only the member sees the refusal

    state.parse_interaction_create(p.command("daily", ADMIN, {"time": "09:00", "tz": "UTC"}, sub="set",
                                             permissions=p.ADMIN_PERMISSIONS, **WHERE))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Daily question:" in r.text())

    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 1
    post = await fake_discord.wait_for(titled("Daily question · 2026-11-16"), since=mark)
    assert post.path == f"/channels/{p.CHANNEL_ID}/messages"
    made = await fake_discord.wait_for(lambda r: r.path.endswith("/threads"), since=mark)
    thread_id = int(made.path.split("/")[-2])
    state.parse_thread_create(p.thread(thread_id, p.CHANNEL_ID))  # the gateway announces the new thread

    question = bank_answer(services, post.embeds()[0]["description"])
    mark = len(fake_discord.requests)
    state.parse_message_create(p.message(thread_id, GRACE, question, guild_id=p.GUILD_ID))
    feedback = await fake_discord.wait_for(titled("Your feedback"), since=mark)
    opened = next(r for r in fake_discord.since(mark) if r.path == "/users/@me/channels")
    assert str(opened.data["recipient_id"]) == GRACE["id"]  # feedback goes by DM: plain messages can't be ephemeral
    assert feedback.path != f"/channels/{thread_id}/messages"
    await fake_discord.wait_for(lambda r: "points" in r.text() and "Streak" in r.text(), since=mark)
    assert not any(r.path == f"/channels/{thread_id}/messages" for r in fake_discord.since(mark))

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.command("leaderboard", ADMIN, {"period": "week"}, **WHERE))
    board = await fake_discord.wait_for(lambda r: is_followup(r) and titled("This week")(r), since=mark)
    defer = next(r for r in fake_discord.since(mark) if r.path.endswith("/callback"))
    assert not (defer.body.get("data") or {}).get("flags", 0) & 64  # the board is for the whole channel
    assert "everyone fan" in board.embeds()[0]["description"]

    clock.advance(days=1)  # the next post closes yesterday's daily: its recap goes in the thread
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 2
    recap = await fake_discord.wait_for(titled("Daily recap · 2026-11-16"), since=mark)
    assert recap.path == f"/channels/{thread_id}/messages"
    assert recap.data["content"].startswith("Model answer: ||") and recap.data["content"].endswith("||")
    assert_mention_safe(fake_discord.requests)


async def test_a_daily_post_discord_fails_is_retried_and_a_forbidden_one_dropped(discord_bot, fake_discord, guild,
                                                                                   clock):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("daily", ADMIN, {"time": "09:00", "tz": "UTC"}, sub="set",
                                             permissions=p.ADMIN_PERMISSIONS, **WHERE))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Daily question:" in r.text())

    fake_discord.failing[p.CHANNEL_ID] = [503, 503]  # Discord's trouble, past the one retry of a send
    assert await discord_bot.daily.post_due() == 0
    clock.advance(minutes=2)
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 1
    await fake_discord.wait_for(titled("Daily question · 2026-11-16"), since=mark)
    made = await fake_discord.wait_for(lambda r: r.path.endswith("/threads"), since=mark)
    state.parse_thread_create(p.thread(int(made.path.split("/")[-2]), p.CHANNEL_ID))

    clock.advance(days=1)  # the recap and the next daily; the bot may no longer post in the channel
    fake_discord.failing[p.CHANNEL_ID] = [403]
    assert await discord_bot.daily.post_due() == 1, "the recap goes in the thread; the post is refused"
    clock.advance(hours=1)
    mark = len(fake_discord.requests)
    assert await discord_bot.daily.post_due() == 0
    assert not [r for r in fake_discord.since(mark) if r.path == f"/channels/{p.CHANNEL_ID}/messages"]
    assert await discord_bot.coach.deps.community.outbox.pending("discord") == 0


async def test_messages_in_other_threads_and_channels_are_ignored(discord_bot, fake_discord, guild):
    state = discord_bot._connection
    other = p.snowflake()
    state.parse_thread_create(p.thread(other, p.CHANNEL_ID, owner_id=202))
    mark = len(fake_discord.requests)
    for channel in (guild.get_thread(other), guild.get_channel(p.CHANNEL_ID)):
        # awaited directly (not dispatched) so "nothing happened" is known to be final
        message = discord.Message(state=state, channel=channel,
                                  data=p.message(channel.id, GRACE, "just chatting", guild_id=p.GUILD_ID))
        await discord_bot.on_message(message)
    assert fake_discord.since(mark) == []


async def test_study_groups_streaks_and_time_zone_by_slash_command(discord_bot, fake_discord, guild):
    state = discord_bot._connection

    async def run(name: str, options: dict | None = None, sub: str | None = None, expect=None):
        mark = len(fake_discord.requests)
        state.parse_interaction_create(p.command(name, GRACE, options, sub=sub, **WHERE))
        return await fake_discord.wait_for(lambda r: is_followup(r) and expect(r), since=mark)

    await run("group", {"name": "rag-club"}, sub="create", expect=lambda r: "joined the group rag-club" in r.text())
    await run("groups", expect=lambda r: "Your groups: rag-club" in r.text())
    board = await run("leaderboard", {"group": "rag-club"}, expect=titled("This week"))
    assert "No points yet" in board.text(), "the group made here is found here"
    await run("streak", expect=lambda r: "Streak: 0 days" in r.text())
    await run("timezone", {"name": "Europe/Berlin"}, expect=lambda r: "Europe/Berlin" in r.text())
    await run("group", {"name": "rag-club"}, sub="leave", expect=lambda r: "Left the group rag-club" in r.text())
    assert_mention_safe(fake_discord.requests)


async def test_a_mention_in_a_server_channel_points_to_the_slash_commands(discord_bot, fake_discord, guild):
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(p.message(p.CHANNEL_ID, GRACE, f"<@{p.BOT_ID}> start llm",
                                                           guild_id=p.GUILD_ID, mentions=[p.BOT_USER]))
    reply = await fake_discord.wait_for(lambda r: r.path == f"/channels/{p.CHANNEL_ID}/messages", since=mark)
    assert "/interview" in reply.text() and "/help" in reply.text()
    assert_mention_safe(fake_discord.requests)


async def test_an_edited_daily_answer_is_a_new_try_and_other_edits_are_not_read(discord_bot, fake_discord, guild,
                                                                                 services):
    state = discord_bot._connection
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    answer = bank_answer(services, post.embeds()[0]["description"])

    edits = iter(range(10, 60))

    def edit(original: dict, text: str, edited: bool = True) -> dict:
        at = f"2026-11-16T10:{next(edits)}:00.000000+00:00" if edited else None  # each edit has its own time
        return {**original, "content": text, "edited_timestamp": at}

    mark = len(fake_discord.requests)
    first = p.message(thread_id, GRACE, "It is about finding things.", guild_id=p.GUILD_ID)
    state.parse_message_create(first)
    # a first try that earns nothing says the streak did not move
    await fake_discord.wait_for(lambda r: "points" in r.text() and "streak" in r.text().lower(), since=mark)
    mark = len(fake_discord.requests)
    state.parse_message_update(edit(first, answer))
    counted = await fake_discord.wait_for(lambda r: "edited answer as a new try" in r.text(), since=mark)
    assert "It beats your" in counted.text() and counted.path != f"/channels/{thread_id}/messages"

    mark = len(fake_discord.requests)
    state.parse_message_update(edit(first, "It is about finding things."))
    kept = await fake_discord.wait_for(lambda r: "edited answer as a new try" in r.text(), since=mark)
    assert "Your best answer so far scored" in kept.text()

    async def edited_directly(update: dict, before: dict | None = None) -> None:
        """Awaited (not dispatched) so that "nothing happened" is known to be final."""
        thread = guild.get_thread(int(update["channel_id"]))
        raw = discord.RawMessageUpdateEvent(data=update, message=discord.Message(state=state, channel=thread,
                                                                                  data=update))
        raw.cached_message = discord.Message(state=state, channel=thread, data=before) if before else None
        await discord_bot.on_raw_message_edit(raw)

    other = p.snowflake()
    state.parse_thread_create(p.thread(other, p.CHANNEL_ID, owner_id=202))
    thanks = p.message(thread_id, GRACE, "thanks", guild_id=p.GUILD_ID)
    chatter = p.message(other, GRACE, "lunch?", guild_id=p.GUILD_ID)
    mark = len(fake_discord.requests)
    await edited_directly(edit(first, answer + " Again.", edited=False))  # Discord added a link preview
    await edited_directly(edit(thanks, "thanks a lot for this"), before=thanks)  # thanks is no answer
    await edited_directly(edit(chatter, answer))  # not a daily's thread
    assert fake_discord.since(mark) == []


def form_submit(form: dict, values: dict[str, str], who: dict) -> dict:
    """The submit of a form the bot opened (an interaction callback of type 9), as Discord sends it: each
    field in its label (type 18), with what was typed, or what the form opened with when left alone."""
    labels = [{"type": 18, "component": {"type": 4, "custom_id": c["component"]["custom_id"],
                                         "value": values.get(c["component"]["custom_id"],
                                                             c["component"].get("value") or "")}}
              for c in form["components"]]
    return p._interaction(5, {"custom_id": form["custom_id"], "components": labels}, who,
                          permissions=p.ADMIN_PERMISSIONS, **WHERE)


async def open_form(bot, fake, sub: str, options: dict | None = None) -> dict:
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(p.command("daily", ADMIN, options or {}, sub=sub,
                                                       permissions=p.ADMIN_PERMISSIONS, **WHERE))
    form = await fake.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9, since=mark)
    return form.body["data"]


def team_channel():
    from bot.community.refs import ChannelRef
    return ChannelRef("discord", str(p.GUILD_ID), str(p.CHANNEL_ID))


async def test_a_team_question_is_added_in_a_form_with_many_lines_and_pipes(discord_bot, fake_discord, guild):
    """A slash command's options are one line each (a bulleted reference could not be given) and its
    question's `|` became "/": /daily add opens a form whose fields are kept whole."""
    form = await open_form(discord_bot, fake_discord, "add")
    fields = {c["component"]["custom_id"]: c["component"] for c in form["components"]}
    assert fields["coach:team-question"]["style"] == fields["coach:team-reference"]["style"] == 2  # paragraphs
    assert (fields["coach:team-question"]["max_length"], fields["coach:team-reference"]["max_length"]) == (1000, 1500)
    question = "What does this print, and why?\n```\nps aux | grep python\n```"
    reference = ("- Every process whose line mentions python.\n- grep itself too: `ps aux | grep [p]ython` "
                 "leaves it out.")
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_interaction_create(form_submit(form, {
        "coach:team-id": "ps", "coach:team-question": question, "coach:team-reference": reference}, ADMIN))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Added team question `ps`" in r.text(), since=mark)
    [stored] = await discord_bot.coach.deps.community.scheduler.team.list(team_channel())
    assert (stored.text, stored.reference) == (question, reference)


async def test_managers_edit_list_and_remove_team_questions_with_slash_commands(discord_bot, fake_discord, guild):
    state = discord_bot._connection
    form = await open_form(discord_bot, fake_discord, "add")
    state.parse_interaction_create(form_submit(form, {
        "coach:team-id": "kv", "coach:team-question": "What does a KV cache store and cost?",
        "coach:team-reference": "Keys and values of earlier tokens; it costs GPU memory."}, ADMIN))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Added team question" in r.text())

    form = await open_form(discord_bot, fake_discord, "edit", {"id": "kv"})  # opens with the question as it is
    values = {c["component"]["custom_id"]: c["component"].get("value") for c in form["components"]}
    assert values == {"coach:team-question": "What does a KV cache store and cost?",
                      "coach:team-reference": "Keys and values of earlier tokens; it costs GPU memory."}
    bullets = "- Keys and values of earlier tokens.\n- It costs GPU memory that grows with the sequence."
    mark = len(fake_discord.requests)
    state.parse_interaction_create(form_submit(form, {"coach:team-reference": bullets}, ADMIN))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Changed the reference answer" in r.text(), since=mark)
    [stored] = await discord_bot.coach.deps.community.scheduler.team.list(team_channel())
    assert (stored.text, stored.reference) == ("What does a KV cache store and cost?", bullets)

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.command("daily", ADMIN, {"id": "gone"}, sub="edit",
                                             permissions=p.ADMIN_PERMISSIONS, **WHERE))
    await fake_discord.wait_for(lambda r: is_followup(r) and "no team question `gone`" in r.text(), since=mark)

    state.parse_interaction_create(p.command("daily", ADMIN, {}, sub="questions", permissions=p.ADMIN_PERMISSIONS,
                                             **WHERE))
    listed = await fake_discord.wait_for(lambda r: is_followup(r) and "team questions (1)" in r.text())
    assert "What does a KV cache store and cost?" in listed.text()
    state.parse_interaction_create(p.command("daily", ADMIN, {"id": "kv"}, sub="remove",
                                             permissions=p.ADMIN_PERMISSIONS, **WHERE))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Removed team question `kv`" in r.text())
