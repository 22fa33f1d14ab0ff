"""An image alone in a daily's thread from a member whose DMs are closed: the image-only note, said in
a reply in the thread, not the "couldn't DM you ... try again" that would have them send the image again."""
from __future__ import annotations

from . import payloads as p
from .helpers import bank_answer, post_daily, set_daily

ADMIN = p.user(201, "mod", "Mod")
IRIS = p.user(207, "iris", "Iris")


async def test_an_image_alone_from_closed_dms_gets_the_image_note_in_a_reply(discord_bot, fake_discord, guild,
                                                                            services):
    await set_daily(discord_bot, fake_discord, ADMIN)
    post, thread_id = await post_daily(discord_bot, fake_discord)
    fake_discord.closed_dms.add(int(IRIS["id"]))
    in_thread = f"/channels/{thread_id}/messages"
    mark = len(fake_discord.requests)
    image = p.message(thread_id, IRIS, "", guild_id=p.GUILD_ID, attachments=[p.attachment()])
    discord_bot._connection.parse_message_create(image)
    said = await fake_discord.wait_for(lambda r: r.path == in_thread and r.carries_message, since=mark)
    text = said.text()
    assert str(said.data["message_reference"]["message_id"]) == image["id"]  # a reply to her image
    assert said.data["allowed_mentions"]["parse"] == [] and not said.data["allowed_mentions"].get("replied_user")
    assert "no text in it" in text and "images" in text and "as text" in text, text
    assert "try again" not in text, text

    mark = len(fake_discord.requests)  # the image spent no try: her written answer is graded and counted
    answer = p.message(thread_id, IRIS, bank_answer(services, post.embeds()[0]["description"]), guild_id=p.GUILD_ID)
    discord_bot._connection.parse_message_create(answer)
    graded = await fake_discord.wait_for(lambda r: r.path == in_thread and r.carries_message, since=mark)
    assert graded.text().startswith("Your answer was graded: ") and " points." in graded.text()
