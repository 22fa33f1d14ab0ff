"""Redis going away mid-turn does not leave the conversation locked.

The turn cannot tell Redis it ended while Redis is away, and Redis keeps the lock across a restart
(it is persisted like everything else). The person is told their message is kept, and their next
message, once Redis is back, is handled at once rather than waiting out the lock.
"""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.service.coach import BUSY
from bot.service.interview_turns import KEPT_FOR_LATER

ANSWER = ("I would tell the model to answer only from the retrieved passages, cite them, and say it does not "
          "know when the passages do not contain the answer.")


async def test_the_next_message_after_a_mid_turn_outage_is_handled_at_once(own_runtime, own_redis, monkeypatch,
                                                                        redis_stops_while_grading):
    coach = own_runtime.coach
    key = ConversationKey(UserRef("slack", "T-lock", "U-lock"), "D-lock")
    started = await coach.handle(Event(key, EventKind.command, name="start", message_id="l1",
                                       args={"track": "llm-engineer", "level": "junior", "length": "3"}))
    assert any(isinstance(x, r.QuestionReply) for x in started)
    redis_stops_while_grading(coach)
    [kept] = await coach.handle(Event(key, EventKind.text, text=ANSWER, message_id="l2"))
    assert kept.text == KEPT_FOR_LATER and kept.private, "told the answer is kept, not left in silence"
    own_redis.start()
    # the turn's lock outlived the outage in Redis; a next message that had to wait it out would be
    # refused as busy after this wait (the lease lasts longer)
    monkeypatch.setattr(coach.deps.store.sessions, "wait_seconds", 1.0)
    replies = await coach.handle(Event(key, EventKind.command, name="repeat", message_id="l3"))
    assert BUSY not in [getattr(x, "text", "") for x in replies]
    assert sum(isinstance(x, r.FeedbackReply) for x in replies) == 1, "the kept answer is graded first"
    assert any(isinstance(x, r.QuestionReply) for x in replies)
    assert await coach.deps.store.journal.pending(key.user) == []
