"""Oversized input and hostile text: kind replies inside Discord's limits, and no pings."""
from __future__ import annotations

import discord

from bot.adapters.discord import limits
from bot.adapters.discord.embeds import to_outgoing
from bot.engine import replies as r

from . import payloads as p
from .helpers import assert_mention_safe, titled

DM = 930000000000000777
LIN = p.user(301, "lin", "Lin")


def _within_limits(req) -> None:
    assert len(req.data.get("content") or "") <= limits.CONTENT
    for e in req.embeds():
        embed = discord.Embed.from_dict(e)
        assert len(embed) <= limits.EMBED_TOTAL and len(embed.fields) <= limits.FIELDS
        assert all(len(f.value) <= limits.FIELD_VALUE for f in embed.fields)


async def test_a_40kb_message_gets_a_kind_reply_within_limits(discord_bot, fake_discord):
    state = discord_bot._connection
    huge = ("Attention @everyone: tokenization splits text into subword units. " * 700)[:40_000]
    state.parse_message_create(p.message(DM, LIN, huge))  # no interview yet
    notice = await fake_discord.wait_for(lambda r: r.path == f"/channels/{DM}/messages")
    assert "start" in notice.text()
    _within_limits(notice)

    state.parse_message_create(p.message(DM, LIN, "start nlp junior 3"))
    await fake_discord.wait_for(titled("Question 1 of 3"))
    mark = len(fake_discord.requests)
    state.parse_message_create(p.message(DM, LIN, huge))  # as an answer: read, not a crash
    # graded when the grader can tie it to the question; else, as it pings everyone, taken as said to people
    reply = await fake_discord.wait_for(lambda r: titled("Feedback · Question 1 of 3")(r)
                                        or "took it as meant for them" in r.text(), since=mark)
    _within_limits(reply)
    for req in fake_discord.since(mark):
        _within_limits(req)
    assert_mention_safe(fake_discord.requests)


def test_long_replies_are_split_or_clipped_with_an_ellipsis():
    notice = r.Notice("@everyone " + "word " * 1500)
    items = to_outgoing(notice)
    assert len(items) >= 4 and all(len(i.content) <= limits.CONTENT for i in items)
    assert "@everyone" not in "".join(i.content for i in items)

    rows = tuple((str(n), f"@here name {n} " + "x" * 60, "10") for n in range(200))
    board = to_outgoing(r.TableReply("This week (2026-W47)", ("#", "name", "points"), rows))[0]
    description = board.embeds[0].description
    assert len(description) <= limits.DESCRIPTION and "…" in description and "@here" not in description


def test_an_embed_with_too_much_is_clipped_part_by_part_and_its_fields_carried_on():
    embed = discord.Embed(title="t" * 400, description="d" * 5000)
    for n in range(40):
        embed.add_field(name=f"field {n}", value="v" * 2000)
    embed.set_footer(text="graded offline")
    parts = limits.fit_embeds(embed)
    assert all(len(e) <= limits.EMBED_TOTAL and len(e.fields) <= limits.FIELDS for e in parts)
    assert parts[0].title.endswith("…") and len(parts[0].title) == limits.TITLE
    assert [f.name for e in parts for f in e.fields] == [f"field {n}" for n in range(40)]
    assert parts[-1].footer.text == "graded offline" and not parts[0].footer.text


def test_a_long_recap_keeps_each_part_of_its_model_answer_inside_one_spoiler():
    # every "@everyone" grows by a zero-width space when defused: measured before that, it spilled over 2,000
    answer = "See @everyone here. " * 99 + "a || b ||| c"
    for model_answer, messages in ((answer, 2), ("a ||| b || c", 1)):
        recap = r.RecapReply(date="2026-11-16", question="Why BM25?", model_answer=model_answer, answered=3, top=())
        items = to_outgoing(recap)
        assert len(items) == messages
        for item in items:
            content = item.content
            assert len(content) <= limits.CONTENT and "@everyone" not in content
            assert content.startswith("Model answer") and content.endswith("||") and content.count("||") == 2
