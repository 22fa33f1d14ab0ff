"""Mentions in an answer are quoted back as names, as the writer saw them, and never ping."""
from __future__ import annotations

from . import payloads as p
from .helpers import assert_mention_safe, bank_answer, titled

DM = 930000000000000614
OLA = p.user(314, "ola", "Ola")
BOB = p.user(999, "bob", "Bob")


async def test_mentions_in_a_dm_answer_come_back_as_names(discord_bot, fake_discord, services):
    state = discord_bot._connection
    state.parse_message_create(p.message(DM, OLA, "start nlp junior 3"))
    question = await fake_discord.wait_for(titled("Question 1 of 3"))
    sentences = bank_answer(services, question.embeds()[0]["description"]).split(". ")
    answer = ". ".join(f"<@999> and <@&555> in <#777> told @everyone {s}" for s in sentences)
    mark = len(fake_discord.requests)
    state.parse_message_create(p.message(DM, OLA, answer, mentions=[BOB]))
    feedback = await fake_discord.wait_for(titled("Feedback · Question 1 of 3"), since=mark)
    covered = next(f["value"] for f in feedback.embeds()[0]["fields"] if f["name"] == "Covered")
    assert "> “@Bob and @role in #channel told @\u200beveryone" in covered, covered
    assert "<@" not in covered and "<#" not in covered and "‹" not in covered
    assert_mention_safe(fake_discord.since(mark))
