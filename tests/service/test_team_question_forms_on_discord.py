"""Discord's `/daily add` and `/daily edit` forms reach the same service code as the typed commands: a
duplicate id is named first, the confirmation keeps the question's line breaks, and a `|` in a form's
field is the field's own (the bar rule is for the typed one-line syntax). Driven through the bot's own
gateway parsers against the fake Discord REST API, as tests/adapters/discord does."""
from __future__ import annotations

from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import discord_bot, fake_discord, guild  # noqa: F401 - fixtures
from tests.adapters.discord.helpers import is_followup
from tests.adapters.discord.test_daily_thread import ADMIN, WHERE, form_submit, open_form, team_channel

REFERENCE = ("A KV cache stores the key and value vectors computed for earlier tokens during decoding, "
             "so the prefix is not recomputed; it costs GPU memory that grows with sequence length.")


async def submitted(bot, fake, form: dict, values: dict[str, str]) -> str:
    """What the coach answered a submitted form."""
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(form_submit(form, values, ADMIN))
    reply = await fake.wait_for(lambda r: is_followup(r) and r.text(), since=mark)
    return reply.text()


async def test_team_question_forms_name_a_duplicate_first_and_echo_line_breaks(discord_bot, fake_discord,  # noqa: F811
                                                                                guild):  # noqa: F811
    question = "What does this print, and why?\n```\nps aux | grep python | wc -l\n```"
    form = await open_form(discord_bot, fake_discord, "add")
    added = await submitted(discord_bot, fake_discord, form, {
        "coach:team-id": "ps", "coach:team-question": question, "coach:team-reference": REFERENCE})
    assert "Added team question `ps`" in added, added
    assert "ps aux | grep python | wc -l\n```" in added  # on its own line, as stored (it was one line)
    [kept] = await discord_bot.coach.deps.community.scheduler.team.list(team_channel())
    assert kept.text == question

    long = "Why does the cache " + "really " * 600 + "cost memory?"
    form = await open_form(discord_bot, fake_discord, "add")
    again = await submitted(discord_bot, fake_discord, form, {
        "coach:team-id": "ps", "coach:team-question": long, "coach:team-reference": REFERENCE})
    assert "already has a team question `ps`" in again and "characters" not in again, again

    form = await open_form(discord_bot, fake_discord, "edit", {"id": "team:ps"})  # the id as the coach shows it or not
    assert form["custom_id"].endswith(":edit:ps")
    changed = await submitted(discord_bot, fake_discord, form, {"coach:team-question": question + "\nAnd `ps -ef`?"})
    assert "Changed the question of team question `ps`" in changed and "\nAnd `ps -ef`?" in changed, changed

    mark = len(fake_discord.requests)
    discord_bot._connection.parse_interaction_create(p.command("daily", ADMIN, {"id": "team:ps"}, sub="remove",
                                                               permissions=p.ADMIN_PERMISSIONS, **WHERE))
    await fake_discord.wait_for(lambda r: is_followup(r) and "Removed team question `ps`." in r.text(), since=mark)
