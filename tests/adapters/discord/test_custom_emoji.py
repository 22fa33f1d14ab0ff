"""A server's own emoji (`<:pepe:…>`) reads like any emoji: nothing to grade, and no try spent."""
from __future__ import annotations

from . import payloads as p
from .helpers import titled

DM = 930000000000000611
KIM = p.user(311, "kim", "Kim")


async def test_a_message_of_only_custom_emoji_spends_no_try(discord_bot, fake_discord):
    state = discord_bot._connection
    state.parse_message_create(p.message(DM, KIM, "start nlp junior 3"))
    await fake_discord.wait_for(titled("Question 1 of 3"))

    for emoji in ("<:pepe:123456789012345678> <a:dance:123456789012345679>", "🚀🔥😀"):
        mark = len(fake_discord.requests)
        state.parse_message_create(p.message(DM, KIM, emoji))
        notice = await fake_discord.wait_for(lambda r: "Your try is still open" in r.text(), since=mark)
        assert "There was no answer to grade" in notice.text(), emoji
        assert not any(t.startswith("Feedback") for r in fake_discord.since(mark) for t in r.titles()), emoji

    mark = len(fake_discord.requests)
    state.parse_message_create(p.message(DM, KIM, "status"))
    status = await fake_discord.wait_for(lambda r: "Question 1 of 3" in r.text(), since=mark)
    assert "second try" not in status.text()
