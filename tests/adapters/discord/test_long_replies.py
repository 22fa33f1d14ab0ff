"""Replies too long for one embed or one message are split, never cut: the pure translator."""
from __future__ import annotations

import re

from bot.adapters.discord import limits
from bot.adapters.discord.embeds import to_outgoing
from bot.community.pool import MAX_REFERENCE_CHARS
from bot.engine import replies as r
from bot.grading.feedback import Citation, Dimensions, Feedback, MisconceptionFlag, PointVerdict


def _long_feedback() -> Feedback:
    points = [PointVerdict(f"p{i}", f"Point {i}: chunk overlap keeps context across chunk boundaries " * 2,
                           "covered" if i < 12 else "missed",
                           "evidence sentence " * 20 if i < 12 else None, "hint text " * 8,
                           Citation(f"sec-{i}", "Chunking guide"), 1.0, 1.0 if i < 12 else 0.0) for i in range(20)]
    wrong = [MisconceptionFlag(f"claim {i} " * 10, f"correction {i} " * 10, "ev") for i in range(3)]
    return Feedback(6.0, points, wrong, ["a note " * 20], Dimensions(6, 5, 5), "Re-read the chunking guide.",
                    "offline", "bank", "q", "Q?", "The model answer sentence. " * 100)


def _within_discord_limits(items) -> None:
    for item in items:
        assert len(item.embeds) <= 10 and sum(len(e) for e in item.embeds) <= limits.EMBED_TOTAL
        assert not item.content or len(item.content) <= limits.CONTENT
        for embed in item.embeds:
            assert len(embed.fields) <= limits.FIELDS
            assert all(len(f.value) <= limits.FIELD_VALUE for f in embed.fields)


def _fields(items) -> list[tuple[str, str]]:
    return [(f.name, f.value) for item in items for e in item.embeds for f in e.fields]


def test_long_feedback_carries_every_field_into_further_embeds():
    items = to_outgoing(r.FeedbackReply(_long_feedback(), 1, 3, show_model_answer=True))
    _within_discord_limits(items)
    fields = _fields(items)
    names = {name.removesuffix(" (cont.)") for name, _ in fields}
    assert {"Covered", "Missed", "Misconceptions", "Notes", "Next step", "Model answer"} <= names
    shown = "\n".join(value for _, value in fields)
    assert all(f"Point {i}:" in shown for i in range(20)) and "correction 2" in shown
    model = " ".join(value for name, value in fields if name.startswith("Model answer"))
    assert model.split() == ("The model answer sentence. " * 100).split()
    embeds = [e for item in items for e in item.embeds]
    assert len(embeds) > 1 and embeds[1].title.endswith("(cont.)")
    assert len(items) > 1  # more than 6,000 characters: more than one message


def test_a_short_feedback_stays_one_embed():
    fb = _long_feedback()
    short = Feedback(fb.score, fb.points[:2], [], [], fb.dimensions, "", "offline", "bank", "q", "Q?")
    items = to_outgoing(r.FeedbackReply(short, 1, 3))
    assert len(items) == 1 and len(items[0].embeds) == 1



def _spoiled(content: str) -> str:
    """The text inside a recap message's one spoiler, as a reader sees it (escapes and spacers gone)."""
    assert content.startswith("Model answer") and content.endswith("||") and content.count("||") == 2, content
    inside = content.split("||")[1].replace("\u200b", "")
    return re.sub(r"\\(.)", r"\1", inside)


def test_a_recap_reference_within_the_limit_shows_whole_however_much_escaping_grows_it():
    reference = ("a_b | c *d* " * 200)[: MAX_REFERENCE_CHARS]  # markdown everywhere: escaped, it is far longer
    recap = r.RecapReply(date="2026-11-16", question="Why BM25?", model_answer=reference, answered=3, top=())
    items = to_outgoing(recap)
    _within_discord_limits(items)
    assert len(items) > 1 and all(len(i.content) <= limits.CONTENT for i in items)
    assert " ".join(_spoiled(i.content) for i in items).split() == reference.split()
    assert [e.title for i in items for e in i.embeds] == ["Daily recap · 2026-11-16"]
    assert items[0].content.startswith(f"Model answer (1/{len(items)}): ||")


def test_a_code_block_cut_across_fields_is_closed_and_opened_again():
    """QA: a long model answer with a ``` block was cut mid-block: one field ended in an open fence and the
    next one's closing fence opened a block that swallowed the rest."""
    model = "Intro.\n```python\n" + "x = 1  # count\n" * 120 + "```\nAfter the code, prose."
    chunks = limits.field_chunks([f"Model answer: {model}"], limits.FIELD_VALUE)
    assert len(chunks) > 1 and all(len(c) <= limits.FIELD_VALUE for c in chunks)
    assert all(c.count("```") % 2 == 0 for c in chunks), [c.count("```") for c in chunks]
    assert chunks[-1].rstrip().endswith("After the code, prose.")
    assert sum(c.count("x = 1") for c in chunks) == 120, "no code line lost"
