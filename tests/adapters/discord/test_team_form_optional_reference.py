"""`/daily add`'s form leaves the reference answer optional, as `daily add <id> | <question> |` does (228684b):
its field may be sent empty, its label and hint say what happens then, and an empty one adds the question
with no reference, answers then graded against the study guides. A question with no reference opens in
`/daily edit`'s form with that field optional too, so its question can be changed. Discord's API is the
local fake; the forms are read from what the bot sent it."""
from __future__ import annotations

from bot.adapters.discord.slash_forms import slash_text
from bot.engine.commands import ADD_USAGE

from .conftest import discord_bot, fake_discord, guild  # noqa: F401 - fixtures
from .helpers import is_followup
from .test_daily_thread import ADMIN, form_submit, open_form, team_channel

QUESTION = "What does a KV cache store, and what does it cost?"


def reference_field(form: dict) -> tuple[dict, dict]:
    """The form's reference field and the label around it, as the bot sent them to Discord."""
    [label] = [c for c in form["components"] if c["component"]["custom_id"] == "coach:team-reference"]
    return label, label["component"]


async def submitted(bot, fake, form: dict, values: dict[str, str]) -> str:
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(form_submit(form, values, ADMIN))
    return (await fake.wait_for(lambda r: is_followup(r) and r.text(), since=mark)).text()


async def test_the_add_form_takes_an_empty_reference_as_no_reference(discord_bot, fake_discord, guild):  # noqa: F811
    form = await open_form(discord_bot, fake_discord, "add")
    label, field = reference_field(form)
    assert field["required"] is False, field
    assert "optional" in label["label"].lower(), label
    hint = label["description"]
    assert "study guides" in hint and "graded on it" not in hint and len(hint) <= 100, hint

    added = await submitted(discord_bot, fake_discord, form, {
        "coach:team-id": "kv", "coach:team-question": QUESTION, "coach:team-reference": ""})
    assert "Added team question `kv`" in added and "graded against the study guides" in added, added
    [stored] = await discord_bot.coach.deps.community.scheduler.team.list(team_channel())
    assert (stored.text, stored.reference) == (QUESTION, "")

    form = await open_form(discord_bot, fake_discord, "edit", {"id": "kv"})
    label, field = reference_field(form)
    assert field["required"] is False and "study guides" in label["description"], label
    changed = await submitted(discord_bot, fake_discord, form, {"coach:team-question": QUESTION + " Why?"})
    assert "Changed the question of team question `kv`" in changed, changed


def test_the_add_usage_on_discord_says_the_reference_is_optional():
    """What a member who used `/daily add` is shown for the typed usage: the form, and that the reference
    answer may be left empty."""
    shown = slash_text(ADD_USAGE)
    assert "`/daily add`" in shown and "optional" in shown and "study guides" in shown, shown
