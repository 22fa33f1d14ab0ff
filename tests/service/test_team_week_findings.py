"""What a simulated team week found (QA /tmp/qa_team/week.py): a streak kept by "ok" every day, a
one-question pool paid out again for the reference pasted back, a team question with no reference
refused with the whole usage, and wording that read wrong. Real Redis, the real pack and grader."""
from __future__ import annotations

from bot.community.refs import ChannelRef
from bot.engine import replies as r
from tests.engine.helpers import last
from tests.service.test_daily_lifecycle import admin, loop_round, said_by, utc
from tests.service.test_daily_team_questions import REFERENCE

OTHER = ("Chunk overlap repeats the end of one chunk at the start of the next, so a sentence cut at a "
         "boundary is still whole in one chunk. It costs index size and duplicate hits.")
GOOD = ("A KV cache stores the key and value vectors computed for earlier tokens during decoding, so each new "
        "token attends over the cached vectors and the prefix is not recomputed. It costs GPU memory that "
        "grows with sequence length, layers and batch size.")


async def two_question_daily(coach, clock) -> str:
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
    await admin(coach, f"daily add overlap | Why do chunkers overlap chunks, and at what cost? | {OTHER}")
    await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    return thread


async def test_a_reply_that_earns_no_points_neither_moves_the_streak_nor_counts_as_answered(coach, clock):
    thread = await two_question_daily(coach, clock)
    kept = last(await coach.handle(said_by("bob", "ok", thread=thread)), r.Notice).text
    assert kept.startswith("0 points.") and "Streak: 1 day" not in kept
    assert "did not move" in kept and "earns points" in kept, kept
    assert (await coach.deps.community.streak(said_by("bob", "x").key.user)).current == 0
    await coach.handle(said_by("dan", "idk", thread=thread))
    await coach.handle(said_by("ana", GOOD, thread=thread))
    clock.advance(days=1)
    [(_, thread2)], [recap], _ = await loop_round(coach)
    assert recap.answered == 1, "only ana's answer earned points"
    still = last(await coach.handle(said_by("ana", "ok", thread=thread2)), r.Notice).text
    assert "Your streak did not move (still 1 day)" in still, still


async def test_one_question_pool_warns_and_a_repeat_earns_no_new_points(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    added = await admin(coach, f"daily add kv | What does a KV cache store, and what does it cost? | {REFERENCE}")
    assert "only" not in added, "with every bank topic the pool is large"
    set_ = await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    assert "draws from only 1 question" in set_ and "daily add" in set_, set_
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    first = last(await coach.handle(said_by("ana", GOOD, thread=thread)), r.Notice).text
    earned = int(first.split()[0])
    assert earned > 0
    clock.advance(days=1)
    [(_, thread2)], _, _ = await loop_round(coach)
    again = await coach.handle(said_by("ana", REFERENCE, thread=thread2))
    assert last(again, r.FeedbackReply).feedback.score > 5
    said_again = last(again, r.Notice).text
    assert "no new points" in said_again and "2026-11-16" in said_again, said_again
    board = await coach.deps.community.leaderboard(ChannelRef("slack", "T1", "C1"), said_by("ana", "x").key.user,
                                                   kind="all")
    assert [row.value for row in board.rows] == [earned]
    added2 = await admin(coach, f"daily add overlap | Why do chunkers overlap chunks, and at what cost? | {OTHER}")
    assert "draws from only 2 questions" in added2, added2
