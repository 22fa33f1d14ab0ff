"""A thread answer that is not graded (emoji alone, not English, code alone), from a member whose DMs are
closed: the reply in the thread says why nothing was graded, in the engine's own words, and that no try
was spent; never the generic "couldn't DM you ... try again", which would have them send the same again."""
from __future__ import annotations

import pytest

from bot.engine.not_graded import CODE_NOTE, NOT_ENGLISH_NOTE, ONLY_EMOJI

from . import payloads as p
from .helpers import bank_answer, post_daily, set_daily

ADMIN = p.user(201, "mod", "Mod")
IRIS = p.user(207, "iris", "Iris")
SPANISH = ("La generación aumentada por recuperación busca documentos relevantes y los usa para que el modelo "
           "responda con datos actuales.")


@pytest.mark.parametrize("sent, note", [
    ("\U0001f389\U0001f389 \U0001f680", ONLY_EMOJI),
    (SPANISH, NOT_ENGLISH_NOTE),
    ("```python\ndocs = retriever.search(query, k=5)\n```", CODE_NOTE),
], ids=["emoji", "not-english", "code"])
async def test_a_not_graded_thread_answer_from_closed_dms_gets_its_own_note(discord_bot, fake_discord, guild,
                                                                           services, sent, note):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    fake_discord.closed_dms.add(int(IRIS["id"]))
    in_thread = f"/channels/{thread_id}/messages"
    mark = len(fake_discord.requests)
    message = p.message(thread_id, IRIS, sent, guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(message)
    said = await fake_discord.wait_for(lambda r: r.path == in_thread and r.carries_message, since=mark)
    text = said.text()
    assert str(said.data["message_reference"]["message_id"]) == message["id"]  # a reply to what she wrote
    assert said.data["allowed_mentions"]["parse"] == [] and not said.data["allowed_mentions"].get("replied_user")
    assert text.startswith(note) and "no try" in text and "direct message" in text, text
    assert "try again" not in text, text

    mark = len(fake_discord.requests)  # nothing was spent: her written answer is graded and counted
    answer = p.message(thread_id, IRIS, bank_answer(services, post.embeds()[0]["description"]), guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(answer)
    graded = await fake_discord.wait_for(lambda r: r.path == in_thread and r.carries_message, since=mark)
    assert graded.text().startswith("Your answer was graded: ") and " points." in graded.text()
