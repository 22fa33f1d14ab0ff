"""Text longer than one Discord message is split between lines, and code stays code in every part."""
from __future__ import annotations

import re

from bot.adapters.discord import delivery, limits
from bot.adapters.discord.embeds import to_outgoing
from bot.engine import replies as r

from . import payloads as p
from .helpers import titled

DM = 930000000000000612
MAY = p.user(312, "may", "May")
CODE = "\n".join(f"    score_{i} = idf(term) * tf(term, doc_{i})  # term {i}" for i in range(80))
TEXT = f"Here is the scorer:\n\n```python\ndef score(query, doc):\n{CODE}\n    return total\n```\nThat is all."


def _code_lines(parts: list[str]) -> list[str]:
    """The lines inside ``` blocks, each part read on its own, as Discord renders it."""
    return [line for part in parts for block in re.findall(r"```python\n(.*?)\n```", part, re.S)
            for line in block.split("\n")]


def test_a_split_inside_a_code_block_closes_and_reopens_it_keeping_indentation():
    for limit in (2000, 700, 333):
        parts = limits.split_text(TEXT, limit)
        assert len(parts) > 1 and all(len(part) <= limit for part in parts), limit
        assert all(part.count("```") % 2 == 0 for part in parts), parts
        assert _code_lines(parts) == ["def score(query, doc):", *CODE.split("\n"), "    return total"], limit
        assert parts[0].startswith("Here is the scorer:") and parts[-1].endswith("That is all.")


def test_a_code_block_that_fits_in_the_next_message_is_not_cut():
    prose = "A line of prose about BM25 and its saturation.\n" * 30
    block = "```\n" + "\n".join(f"  step {i}" for i in range(20)) + "\n```"
    parts = limits.split_text(prose + block + "\nDone.", 1600)
    assert len(parts) == 2 and parts[1].startswith(block), parts[1][:80]


def test_long_prose_still_breaks_at_lines_then_spaces():
    parts = limits.split_text("word " * 1500)
    assert len(parts) == 4 and all(len(part) <= limits.CONTENT for part in parts)
    assert all(not part.startswith(" ") and "wor d" not in part for part in parts)


async def test_a_long_reply_with_code_arrives_as_messages_that_each_show_code(discord_bot, fake_discord):
    discord_bot._connection.parse_message_create(p.message(DM, MAY, "help"))
    await fake_discord.wait_for(titled("Interview Coach"))
    mark = len(fake_discord.requests)
    await delivery.send(discord_bot.get_partial_messageable(DM), to_outgoing(r.Notice(TEXT * 3)))
    sent = [req.data["content"] for req in fake_discord.since(mark) if req.carries_message]
    assert len(sent) >= 3 and all(len(c) <= limits.CONTENT and c.count("```") % 2 == 0 for c in sent)
    assert _code_lines(sent) == 3 * ["def score(query, doc):", *CODE.split("\n"), "    return total"]
