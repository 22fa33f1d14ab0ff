"""A channel's own daily questions (`daily add`), through the coach: what an admin may add, and what
an answerer is shown while the daily is open. Real Redis, the real pack; the clock moves by hand."""
from __future__ import annotations

import json

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.render_text import render
from tests.engine.helpers import last
from tests.service.test_daily_lifecycle import admin, loop_round, said, said_by, utc

REFERENCE = ("A KV cache stores the key and value vectors computed for earlier tokens during decoding. "
             "Each new token then attends over the cached vectors, so the prefix is not recomputed at every step. "
             "The cost is GPU memory that grows with sequence length, layers and batch size.")
SENTENCES = ["A KV cache stores the key and value vectors computed for earlier tokens during decoding.",
             "Each new token then attends over the cached vectors, so the prefix is not recomputed at every step.",
             "The cost is GPU memory that grows with sequence length, layers and batch size."]


def everywhere(reply: r.Reply) -> str:
    """What the reply shows in the terminal, on Slack (fallback text and blocks) and on Discord."""
    slack = to_message(reply)
    discord = [json.dumps(o.embeds[0].to_dict(), ensure_ascii=False) + (o.content or "") for o in to_outgoing(reply)]
    return "\n".join([render(reply), slack.text, json.dumps(slack.blocks, ensure_ascii=False), *discord])


async def team_daily(coach, clock, reference: str = REFERENCE) -> str:
    """A team question as the channel's only daily, posted; returns its thread."""
    clock.set(utc(2026, 11, 16, 8, 0))
    added = await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {reference}")
    assert added.startswith("Added team question"), added
    assert "09:00" in await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    return thread


async def test_feedback_on_an_open_team_daily_does_not_give_away_the_reference(coach, clock):
    thread = await team_daily(coach, clock)
    replies = await coach.handle(said_by("ana", "idk", thread=thread))
    feedback = last(replies, r.FeedbackReply)
    shown = everywhere(feedback)
    for sentence in SENTENCES:
        assert sentence[:40] not in shown, sentence
    assert "Cover this point from the reference" not in shown
    assert "Point 2 of the team's reference — it is shown in the recap" in render(feedback)
    assert feedback.feedback.next_step == "The team's reference answer is shown in the recap when the daily closes."
    assert feedback.feedback.model_answer is None
    assert "points listed as missed" not in shown  # the idk note pointed at points this feedback hides
    assert any("reference answer is shown in the recap" in n for n in feedback.feedback.notes)
    # a covered point shows the member's own words, never the missed ones' sentences
    mine = "A KV cache keeps the key and value vectors of earlier tokens so decoding does not redo them."
    partly = last(await coach.handle(said_by("bob", mine, thread=thread)), r.FeedbackReply)
    shown = everywhere(partly)
    assert any(p.status != "missed" for p in partly.feedback.points)
    assert mine in render(partly)
    for sentence in SENTENCES:
        assert sentence[:40] not in shown, sentence
    # the recap shows the reference, as before
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    assert recap.model_answer == REFERENCE


async def test_feedback_on_an_open_bank_daily_carries_no_model_answer(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, "daily set time=09:00 tz=UTC topics=retrieval level=junior")
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    feedback = last(await coach.handle(said_by("ana", "idk", thread=thread)), r.FeedbackReply)
    assert feedback.feedback.rubric_source == "bank" and feedback.feedback.model_answer is None
    assert any(p.point for p in feedback.feedback.points)  # the bank's point descriptions stay


async def test_a_question_longer_than_a_daily_post_shows_whole_is_refused(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    long = "Why does the cache " + "really " * 600 + "cost memory?"
    refused = await admin(coach, f"daily add long | {long} | {REFERENCE}")
    assert f"The question has {len(long):,} characters" in refused and "at most 1,000" in refused
    longest = "Why does the cache " + "really " * 138 + "cost memory?"
    assert len(longest) <= 1000
    assert (await admin(coach, f"daily add longest | {longest} | {REFERENCE}")).startswith("Added")
    await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    [post] = [x for _, x in await coach.community.due() if isinstance(x, r.DailyQuestionReply)]
    assert post.text == longest
    assert longest in json.dumps(to_message(post).blocks) and longest in to_outgoing(post)[0].embeds[0].description
    recap = r.RecapReply(date="2026-11-16", question=longest, model_answer=REFERENCE, answered=0, top=())
    assert longest in json.dumps(to_message(recap).blocks)  # the Slack recap cut questions at 600 characters


async def test_a_question_or_reference_in_another_language_is_refused_kindly(coach, clock):
    german = [("Wie funktioniert ein KV-Cache und warum spart er Rechenzeit beim Dekodieren?", REFERENCE),
              ("What does a KV cache store, and what does it cost?",
               "Er speichert die Schlüssel und Werte vergangener Tokens, damit sie nicht neu berechnet werden.")]
    for question, reference in german:
        refused = await admin(coach, f"daily add de | {question} | {reference}")
        assert refused.startswith("Sorry, I can only grade in English") and "in English." in refused, refused
    [both] = [await admin(coach, "daily add de | Wie funktioniert ein KV-Cache und warum spart er Rechenzeit? | "
                                 "Er speichert die Schlüssel und Werte vergangener Tokens, damit sie nicht neu "
                                 "berechnet werden.")]
    assert "this question and its reference answer read as another language" in both
    assert (await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
            ).startswith("Added")


async def test_topics_team_waits_for_a_team_question(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    [refused] = await coach.handle(said_by("boss", "daily set time=09:00 tz=UTC topics=team", admin=True))
    assert refused.tone == "warning" and "no questions of its own yet" in refused.text
    assert "`daily add <id> | <question> | <reference answer>`" in refused.text
    assert (await admin(coach, "daily")).startswith("No daily question is set up")  # nothing was stored
    clock.advance(hours=1, minutes=1)
    assert await coach.community.due() == []  # so no ":warning: No daily today" in the channel
    assert "09:00" in await admin(coach, "daily set time=09:00 tz=UTC topics=team,retrieval")  # the bank has some
    await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
    assert "team" in await admin(coach, "daily set topics=team")


async def test_a_bulleted_reference_pasted_into_daily_add_keeps_its_points(coach, clock):
    bullets = ("Key points:\n- It saves compute because past keys and values are not recomputed for each new token.\n"
               "- It costs GPU memory that grows with sequence length, layers and batch size.\n"
               "- That memory limits the batch size you can serve.")
    thread = await team_daily(coach, clock, reference=bullets)
    one = "It saves compute because the keys and values of past tokens are not recomputed."
    feedback = last(await coach.handle(said_by("ana", one, thread=thread)), r.FeedbackReply).feedback
    assert len(feedback.points) == 3  # the message's line breaks were collapsed: one point, 9.9 of 10
    assert feedback.score < 6
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    assert recap.model_answer == bullets


async def test_a_pipe_in_the_reference_is_part_of_it(coach, clock):
    reference = "Run `grep ERROR app.log | wc -l`, which counts the lines that mention ERROR."
    thread = await team_daily(coach, clock, reference=reference)  # was refused with the usage line
    assert thread
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    assert recap.model_answer == reference


async def test_admins_list_edit_and_remove_team_questions(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    assert "no team questions yet" in await admin(coach, "daily questions")
    assert (await admin(coach, f"daily add kv | What does a KV cache store? | {REFERENCE}")).startswith("Added")
    again = await admin(coach, f"daily add kv | What does a KV cache cost? | {REFERENCE}")
    assert "already has a team question `kv`" in again and "daily edit kv" in again  # it overwrote it
    assert "`kv` What does a KV cache store?" in await admin(coach, "daily questions")
    changed = await admin(coach, "daily edit kv | What does a KV cache cost?")
    assert changed.startswith("Changed the question of team question `kv`"), changed
    listed = await admin(coach, "daily questions")
    assert "`kv` What does a KV cache cost?" in listed and "reference: A KV cache stores" in listed
    member = (await said(coach, said_by("ana", "daily questions")))[-1]
    assert "admin" in member and "KV cache" not in member  # the list shows references: admins only
    assert (await admin(coach, "daily remove kv")) == "Removed team question `kv`."
    assert "no team question `kv`" in await admin(coach, "daily remove kv")
    assert "no team questions yet" in await admin(coach, "daily questions")


NEW_REFERENCE = ("- It keeps the keys and values of earlier tokens, so decoding does not recompute them.\n"
                 "- It costs GPU memory that grows with sequence length and batch size.")


async def test_edit_changes_only_the_reference_and_the_next_daily_uses_it(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
    changed = await admin(coach, f"daily edit kv | | {NEW_REFERENCE}")
    assert changed.startswith("Changed the reference answer of team question `kv`"), changed
    assert "Question: What does a KV cache store, and what does it cost?" in changed
    shown = await admin(coach, "daily edit kv")  # shows it whole, to copy and change
    assert "What does a KV cache store, and what does it cost?" in shown and NEW_REFERENCE in shown
    assert "nothing changed" in await admin(coach, f"daily edit kv | | {NEW_REFERENCE}")
    assert "no team question `gone`" in await admin(coach, f"daily edit gone | | {NEW_REFERENCE}")
    assert (await admin(coach, "daily edit kv |")).startswith("Use `daily edit <id> | <question> | <reference")
    member = (await said(coach, said_by("ana", "daily edit kv")))[-1]
    assert "admin" in member and "KV cache" not in member
    await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    await loop_round(coach)
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    assert recap.model_answer == NEW_REFERENCE  # bullets and all


async def test_a_pipe_in_backticks_is_part_of_the_question(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    question = "What does `ps aux | grep python` print, and why does grep show up in it?"
    reference = "Every process whose line mentions python, grep itself too: `ps aux | grep [p]ython` avoids that."
    added = await admin(coach, f"daily add ps | {question} | {reference}")
    assert added.startswith("Added") and f"Question: {question}" in added, added
    [stored] = await coach.deps.community.scheduler.team.list(channel_c1())
    assert (stored.text, stored.reference) == (question, reference)
    usage = await admin(coach, "daily add ps | just a question")
    assert "A `|` inside `backticks` is part of the question" in usage


async def test_a_question_keeps_its_line_breaks(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    question = "What does this print, and why?\n```python\nprint(sorted({3, 1, 2}))\n```"
    assert (await admin(coach, f"daily add sort | {question} | {REFERENCE}")).startswith("Added")
    [stored] = await coach.deps.community.scheduler.team.list(channel_c1())
    assert stored.text == question


async def test_a_reference_longer_than_a_recap_shows_whole_is_refused(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    long = "A KV cache stores keys and values. " * 50
    refused = await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {long}")
    assert f"The reference answer has {len(long.strip()):,} characters" in refused and "at most 1,500" in refused
    longest = ("- A KV cache stores the keys and values of earlier tokens.\n" * 25).strip()
    assert len(longest) <= 1500
    thread = await team_daily(coach, clock, reference=longest)
    assert thread
    assert "at most 1,500" in await admin(coach, f"daily edit kv | | {long}")
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    shown = everywhere(recap)
    assert longest.splitlines()[-1] in shown
    assert "…" not in to_outgoing(recap)[0].content  # Discord's recap content is not clipped


async def test_the_last_team_question_of_a_team_daily_is_kept_with_what_to_do(coach, clock):
    await team_daily(coach, clock)
    [refused] = await coach.handle(said_by("boss", "daily remove kv", admin=True))
    assert refused.tone == "warning" and "`kv` is the last question this channel's daily can ask" in refused.text
    assert "daily set topics=all" in refused.text and "daily off" in refused.text
    assert "`kv` What does a KV cache store" in await admin(coach, "daily questions")
    await admin(coach, "daily add kv2 | What does a KV cache cost in memory? | It grows with layers, "
                       "sequence length and batch size.")
    assert await admin(coach, "daily remove kv") == "Removed team question `kv`."  # another is left
    await admin(coach, "daily off")  # paused, the last one may go; `daily on` then says what is missing
    assert await admin(coach, "daily remove kv2") == "Removed team question `kv2`."
    [on] = await coach.handle(said_by("boss", "daily on", admin=True))
    assert on.tone == "warning" and "no questions of its own yet" in on.text and "`daily on` again" in on.text
    assert "(paused)" in await admin(coach, "daily")


async def test_a_team_daily_left_with_no_question_says_so_once_and_pauses(coach, clock):
    """A channel left on topics=team with no team question (removed before `daily remove` kept the last
    one) said ':warning: No daily today' in the channel every posting day."""
    await team_daily(coach, clock)
    await coach.deps.community.scheduler.team.remove(channel_c1(), "kv")  # as `daily remove` did
    clock.advance(days=1)
    _, [recap], [notice] = await loop_round(coach)
    assert recap.question.startswith("What does a KV cache")  # yesterday's recap still comes
    assert "No daily today" in notice.text and "paused" in notice.text and "daily add" in notice.text
    assert "(paused)" in await admin(coach, "daily")
    for _ in range(2):  # to Friday
        clock.advance(days=1)
        assert await loop_round(coach) == ([], [], [])
    await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
    assert "team" in await admin(coach, "daily on")
    clock.advance(days=1)
    [_], _, [] = await loop_round(coach)


def channel_c1():
    from bot.community.refs import ChannelRef
    return ChannelRef("slack", "T1", "C1")


async def test_a_grade_that_is_all_near_misses_earns_no_points_and_says_why(coach, clock):
    """QA: "precision@k is when k is precise. next question" scored 3.35 on a one-line reference, every point
    missed, and would have earned 3 points."""
    from bot.service.daily_commands import NO_POINT_MADE

    clock.set(utc(2026, 11, 16, 8, 0))
    added = await admin(coach, "daily add pk | What is precision@k? | The share of the top k retrieved results that "
                               "are relevant.")
    assert added.startswith("Added team question"), added
    assert "09:00" in await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    replies = await coach.handle(said_by("joe", "precision@k is when k is precise. next question", thread=thread))
    feedback, notice = last(replies, r.FeedbackReply).feedback, last(replies, r.Notice)
    assert all(p.status == "missed" for p in feedback.points) and feedback.score >= 2.95, feedback.score
    assert notice.text.startswith("0 points.") and NO_POINT_MADE.strip() in notice.text, notice.text
    made = await coach.handle(said_by("ann", "It is the fraction of the top k results that are relevant.",
                                      thread=thread))
    assert not last(made, r.Notice).text.startswith("0 points"), "a point made earns points"
