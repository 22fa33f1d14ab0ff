"""`daily add` / `daily edit` typed as text (Slack, or a Discord message): a bare `|` beyond the two that
separate the parts is refused with nothing stored; the id is taken with or without its `team:` prefix by
every sub-command and shown without it; a duplicate id is named before any other problem; the
confirmation shows a question's line breaks as they were stored. Real Redis, the real pack."""
from __future__ import annotations

import json

import pytest

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.render_text import render
from tests.service.test_daily_lifecycle import admin, said_by, utc
from tests.service.test_daily_team_questions import REFERENCE, channel_c1

QUESTION = "What does a KV cache store, and what does it cost?"


def on_the_wire(reply: r.Reply) -> list[str]:
    """A notice as Slack (fallback text, blocks) and Discord (content, embeds) would send it."""
    slack = to_message(reply)
    discord = [(o.content or "") + json.dumps([e.to_dict() for e in o.embeds], ensure_ascii=False)
               for o in to_outgoing(reply)]
    return [slack.text, json.dumps(slack.blocks, ensure_ascii=False), *discord]


async def stored(coach) -> list:
    return await coach.deps.community.scheduler.team.list(channel_c1())


async def test_a_bare_bar_in_the_question_is_refused_and_nothing_is_stored(coach, clock):
    """`P(A|B)` typed without backticks: the question was cut at its `|` ("What is P(A") and the rest
    ("B) and ...") became the reference, which was stored and echoed."""
    clock.set(utc(2026, 11, 16, 8, 0))
    [refused] = await coach.handle(said_by("boss", f"daily add bayes | What is P(A|B), and how does Bayes' rule "
                                                   f"give it from P(B|A)? | {REFERENCE}", admin=True))
    assert refused.tone == "warning" and refused.private, refused
    assert refused.text.startswith("I added nothing:"), refused.text
    assert "more than two `|`" in refused.text and "backticks" in refused.text
    assert "Added" not in refused.text and "Question:" not in refused.text  # no echo of a wrong split
    assert await stored(coach) == []
    # the same with the bars in backticks is taken whole, as before
    question = "What is `P(A|B)`, and how does Bayes' rule give it from `P(B|A)`?"
    added = await admin(coach, f"daily add bayes | {question} | {REFERENCE}")
    assert added.startswith("Added team question `bayes`") and f"Question: {question}" in added, added
    [kept] = await stored(coach)
    assert (kept.text, kept.reference) == (question, REFERENCE)


async def test_a_bare_bar_in_the_reference_is_refused_too_but_one_in_backticks_or_a_block_is_kept(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    refused = await admin(coach, f"daily add grep | {QUESTION} | Run grep ERROR app.log | wc -l to count them.")
    assert refused.startswith("I added nothing:"), refused
    assert await stored(coach) == []
    table = "A table of what it costs:\n```\n| layers | memory |\n| 32     | 16 GB  |\n```"
    assert (await admin(coach, f"daily add table | {QUESTION} | {table}")).startswith("Added")
    [kept] = await stored(coach)
    assert kept.reference == table


async def test_an_edit_with_a_bare_bar_changes_nothing(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    # it changed both: the question to "Which costs less, a KV cache", the reference to "recomputing? | ..."
    refused = await admin(coach, f"daily edit kv | Which costs less, a KV cache|recomputing? | {REFERENCE}")
    assert refused.startswith("I changed nothing:") and "backticks" in refused, refused
    [kept] = await stored(coach)
    assert (kept.text, kept.reference) == (QUESTION, REFERENCE)


async def test_edit_and_remove_take_the_id_with_or_without_its_team_prefix(coach, clock):
    """`daily remove team:kv` worked but `daily edit team:kv | ...` said "`team:kv` is not a question id",
    and `daily edit team:kv` offered `daily edit team:kv | ...`, which was refused so."""
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    await admin(coach, f"daily add kv2 | {QUESTION} | {REFERENCE}")
    shown = await admin(coach, "daily edit team:kv")
    assert shown.startswith("Team question `kv`:") and "`daily edit kv | <question>" in shown, shown
    changed = await admin(coach, "daily edit team:kv | What does a KV cache cost in memory?")
    assert changed.startswith("Changed the question of team question `kv`."), changed
    assert "What does a KV cache cost in memory?" in (await admin(coach, "daily edit kv"))
    changed = await admin(coach, "daily edit TEAM:KV | | It keeps keys and values; costs memory.")
    assert changed.startswith("Changed the reference answer of team question `kv`."), changed
    assert "team:" not in changed.lower()
    assert "no team question `gone`" in await admin(coach, "daily edit team:gone | | It keeps keys and values.")
    added = await admin(coach, "daily add team:kv3 | What does it cost? | It costs GPU memory per token.")
    assert added.startswith("Added team question `kv3`"), added
    assert await admin(coach, "daily remove team:kv") == "Removed team question `kv`."  # as the list shows it
    assert await admin(coach, "daily remove kv2") == "Removed team question `kv2`."
    assert "no team question `kv`" in await admin(coach, "daily remove team:kv")


async def test_a_long_edit_or_add_takes_the_id_with_its_team_prefix_too(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    changed = await admin(coach, f"daily edit team:kv | | {REFERENCE.replace('GPU', 'accelerator')}")
    assert changed.startswith("Changed the reference answer of team question `kv`."), changed
    again = await admin(coach, f"daily add team:kv | {QUESTION} | {REFERENCE}")
    assert again.startswith("This channel already has a team question `kv`"), again


async def test_discords_edit_form_opens_for_an_id_with_its_prefix(coach, clock):
    """`/daily edit id:team:kv` asks the community for the question the form opens with."""
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    event = said_by("boss", "daily edit team:kv", admin=True)
    for qid in ("kv", "team:kv", " Team:KV "):
        found = await coach.community.team_question(event, qid)
        assert found is not None and found.id == "team:kv", qid


async def test_a_duplicate_id_is_named_before_a_too_long_or_foreign_question(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    assert (await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")).startswith("Added")
    long = "Why does the cache " + "really " * 600 + "cost memory?"
    german = "Wie funktioniert ein KV-Cache und warum spart er Rechenzeit beim Dekodieren?"
    for question, reference in ((long, REFERENCE), (german, REFERENCE), (QUESTION, "too short"),
                                ("Short?", REFERENCE)):
        again = await admin(coach, f"daily add kv | {question} | {reference}")
        assert again.startswith("This channel already has a team question `kv`"), (question[:30], again)
        assert "added nothing" in again and "daily edit kv" in again
    again = await admin(coach, "daily add team:kv | Short? | too short")  # the same id, with its prefix
    assert again.startswith("This channel already has a team question `kv`"), again
    [kept] = await stored(coach)
    assert kept.text == QUESTION
    # a new id still hears of its length and its language
    assert "at most 1,000" in await admin(coach, f"daily add kv9 | {long} | {REFERENCE}")
    assert "can only grade in English" in await admin(coach, f"daily add kv9 | {german} | {REFERENCE}")


async def test_the_confirmation_keeps_the_questions_line_breaks_and_defuses_mentions(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    question = ("What does this print, and why? Ask @here if unsure.\n```python\ndef first(xs):\n"
                "    return sorted(xs)[0]\nprint(first({3, 1, 2}))\n```")
    [added] = await coach.handle(said_by("boss", f"daily add sort | {question} | {REFERENCE}", admin=True))
    assert isinstance(added, r.Notice) and added.text.startswith("Added team question `sort`"), added
    [kept] = await stored(coach)
    assert kept.text == question  # storage kept them; the confirmation flattened them into one line
    shown = question.replace("@here", "@\u200bhere")
    assert f"Question: {shown}\nReference answer: " in added.text, added.text
    assert "@here" not in render(added)
    for sent in on_the_wire(added):
        assert "<!here>" not in sent and "@here" not in sent, sent
    assert any("return sorted(xs)[0]\n" in sent for sent in on_the_wire(added))  # a line of its own there too
    for line in ("```python", "    return sorted(xs)[0]", "print(first({3, 1, 2}))"):
        assert line in render(added).splitlines(), line
    changed = await admin(coach, "daily edit sort | " + question.replace("first", "least"))
    assert changed.startswith("Changed the question") and "\n    return sorted(xs)[0]\n" in changed, changed


async def test_slacks_slash_command_reaches_the_same_rules(coach, clock):
    """`/coach daily add ...` is read by the Slack adapter (links and mentions back to words) and then by
    the same command parser and service as a message."""
    from bot.adapters.slack.translate import slash_event

    clock.set(utc(2026, 11, 16, 8, 0))

    def slash(text: str):
        return slash_event({"user_id": "boss", "team_id": "T1", "channel_id": "C1", "text": text}, is_admin=True)

    [refused] = await coach.handle(slash(f"daily add bayes | What is P(A|B) here? | {REFERENCE}"))
    assert refused.text.startswith("I added nothing:") and refused.tone == "warning", refused.text
    assert await stored(coach) == []
    [added] = await coach.handle(slash(f"daily add kv | {QUESTION} | {REFERENCE}"))
    assert added.text.startswith("Added team question `kv`"), added.text
    [changed] = await coach.handle(slash("daily edit team:kv | What does a KV cache cost?"))
    assert changed.text.startswith("Changed the question of team question `kv`."), changed.text
