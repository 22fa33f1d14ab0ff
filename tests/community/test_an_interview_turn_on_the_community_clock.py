"""The community tests' clock (ManualClock) drives the whole coach too: an interview turn reads the time
by calling the clock (deps.clock(), as production passes time.time), which ManualClock did not allow, so a
community test could not run an interview beside its dailies."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.community import ManualClock
from bot.engine import replies as r

from tests.engine.helpers import current_question, key, last, say


def test_the_manual_clock_called_gives_its_time_as_epoch_seconds(clock: ManualClock):
    assert clock() == datetime(2025, 3, 3, tzinfo=timezone.utc).timestamp()
    clock.advance(hours=2)
    assert clock() == datetime(2025, 3, 3, 2, 0, tzinfo=timezone.utc).timestamp()


async def test_an_interview_turn_runs_on_the_community_clock(coach, clock: ManualClock):
    k = key("on-the-community-clock")
    q = current_question(await coach.handle(say("start rag junior 2", k)))
    replies = await coach.handle(say(coach.questions[q.question_id].model_answer, k))
    assert last(replies, r.FeedbackReply) is not None, replies
