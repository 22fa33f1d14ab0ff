"""Pack and grader text is shown as written: `__init__` is not underlined, `code` stays code."""
from __future__ import annotations

import re

from bot.adapters.discord import delivery
from bot.adapters.discord.embeds import to_outgoing
from bot.engine import replies as r

DM = 930000000000000613
_UNESCAPED = re.compile(r"(?<!\\)[_*~|]")


def _unescape(text: str) -> str:
    return re.sub(r"\\([_*~|`>#\\-])", r"\1", text)


async def test_a_model_answer_with_dunder_names_arrives_escaped(discord_bot, fake_discord, services):
    bm25 = next(q for q in services.pack.questions if q.id == "coding-bm25-scorer")
    assert "__init__" in bm25.model_answer and "*" in bm25.model_answer
    reply = r.ModelAnswerReply(bm25.id, bm25.question, bm25.model_answer + " Call `score(q, d)` or `d.__len__()`.")
    mark = len(fake_discord.requests)
    await delivery.send(discord_bot.get_partial_messageable(DM), to_outgoing(reply))
    shown = next(req for req in fake_discord.since(mark) if req.carries_message).embeds()[0]["description"]
    assert "In \\_\\_init\\_\\_ I take" in shown
    assert "`score(q, d)`" in shown and "`d.__len__()`" in shown, "inline code is left as code"
    outside_code = re.sub(r"`[^`]*`", "", shown)
    assert not _UNESCAPED.search(outside_code), outside_code
    assert _unescape(shown) == reply.text

