"""A member who used a slash command is shown the slash form of each command the reply names
(`/daily set time:09:00 tz:Europe/Berlin`, `/daily add`, `/leaderboard group:NAME`); a member who typed
a message is shown the typed form, which is what works there."""
from __future__ import annotations

from . import payloads as p
from .helpers import is_followup, post_daily, set_daily
from .test_daily_thread import form_submit, open_form

ADMIN = p.user(201, "mod", "Mod")
IRIS = p.user(207, "iris", "Iris")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


async def _slash(bot, fake, name: str, who: dict, options: dict | None = None, sub: str | None = None,
                 admin: bool = False) -> str:
    mark = len(fake.requests)
    rights = {"permissions": p.ADMIN_PERMISSIONS} if admin else {}
    bot._connection.parse_interaction_create(p.command(name, who, options, sub=sub, **rights, **WHERE))
    said = await fake.wait_for(lambda r: is_followup(r) and r.carries_message, since=mark)
    return said.text()


def _no_typed_forms(text: str) -> None:
    for typed in ("`daily ", "`leaderboard", "<id> |", "key=value", "time=", "`groups`"):
        assert typed not in text, (typed, text)


async def test_daily_set_without_settings_shows_the_slash_form(discord_bot, fake_discord, guild):
    text = await _slash(discord_bot, fake_discord, "daily", ADMIN, {}, sub="set", admin=True)
    assert "`/daily set time:09:00 tz:Europe/Berlin`" in text, text
    _no_typed_forms(text)


async def test_no_team_questions_point_to_the_add_form(discord_bot, fake_discord, guild):
    listed = await _slash(discord_bot, fake_discord, "daily", ADMIN, {}, sub="questions", admin=True)
    assert "no team questions yet" in listed and "`/daily add`" in listed, listed
    _no_typed_forms(listed)
    refused = await _slash(discord_bot, fake_discord, "daily", ADMIN, {"time": "09:00", "topics": "team"},
                           sub="set", admin=True)
    assert "`/daily add`" in refused and "`topics:team`" in refused, refused
    _no_typed_forms(refused)


async def test_the_add_form_with_no_id_gets_the_forms_usage(discord_bot, fake_discord, guild):
    form = await open_form(discord_bot, fake_discord, "add")
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_interaction_create(form_submit(form, {
        "coach:team-id": "team:", "coach:team-question": "What is a KV cache?",
        "coach:team-reference": "Keys and values of earlier tokens."}, ADMIN))
    said = (await fake_discord.wait_for(lambda r: is_followup(r) and r.carries_message, since=mark)).text()
    assert "`/daily add`" in said and "|" not in said, said  # no talk of typing the `|` between parts
    _no_typed_forms(said)


async def test_an_unknown_group_board_shows_the_slash_options(discord_bot, fake_discord, guild):
    text = await _slash(discord_bot, fake_discord, "leaderboard", IRIS, {"group": "nosuch"})
    assert "no study group called `nosuch`" in text, text
    assert "`/leaderboard group:NAME`" in text and "`/groups`" in text, text
    _no_typed_forms(text)


async def test_what_a_member_gave_is_echoed_as_given(discord_bot, fake_discord, guild):
    """A zone named like a command is an echo of the option, not a command form to translate."""
    text = await _slash(discord_bot, fake_discord, "daily", ADMIN, {"tz": "help"}, sub="set", admin=True)
    assert "`help`" in text and "/help" not in text, text


async def test_a_typed_board_command_in_a_daily_thread_keeps_the_typed_forms(discord_bot, fake_discord, guild):
    await set_daily(discord_bot, fake_discord, ADMIN)
    _, thread_id = await post_daily(discord_bot, fake_discord)
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(p.message(thread_id, IRIS, "leaderboard group nosuch week",
                                                           guild_id=p.GUILD_ID))
    said = await fake_discord.wait_for(lambda r: "no study group called" in r.text(), since=mark)
    assert "`leaderboard NAME week`" in said.text() and "/leaderboard" not in said.text()


async def test_team_question_ids_that_are_command_words_are_listed_as_ids(discord_bot, fake_discord, guild):
    """`/daily questions` lists ids: a team question called `hint` or `groups` is not shown as `/hint`."""
    for qid in ("hint", "groups", "streak"):
        form = await open_form(discord_bot, fake_discord, "add")
        mark = len(fake_discord.requests)
        discord_bot._connection.parse_interaction_create(form_submit(form, {
            "coach:team-id": qid, "coach:team-question": f"What does the {qid} step of a pipeline do?",
            "coach:team-reference": "It checks what came before and passes on what is left."}, ADMIN))
        added = (await fake_discord.wait_for(lambda r: is_followup(r) and r.carries_message, since=mark)).text()
        assert f"`{qid}`" in added, added
    listed = await _slash(discord_bot, fake_discord, "daily", ADMIN, {}, sub="questions", admin=True)
    assert "team questions (3)" in listed, listed
    for qid in ("hint", "groups", "streak"):
        assert f"`{qid}` What does the {qid} step" in listed, listed
        assert f"`/{qid}`" not in listed, listed
