"""A conversation's messages take effect in the order they came, even across processes.

Each test drives the real coach on real Redis. A second `Coach` on the same store stands for a
second process of the bot: it shares the journal and the turn lock, but not the in-process line
(bot.service.arrivals), so the order must come from the journal alone.
"""
from __future__ import annotations

import asyncio

from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.service.coach import BUSY, Coach

WEAK = "I am not sure, maybe it is something about vectors."
NEXT = "My answer to the next question: tokens are split with byte pair encoding merges."


def spy_grading(coach, monkeypatch) -> list[tuple[str, str]]:
    """(question id, answer) for every answer graded, in grading order."""
    graded: list[tuple[str, str]] = []
    grade = coach.deps.grading.grade

    def spy(question, answer, **kwargs):
        graded.append((question.id, answer))
        return grade(question, answer, **kwargs)

    monkeypatch.setattr(coach.deps.grading, "grade", spy)
    return graded


async def started(coach, key: ConversationKey) -> str:
    replies = await coach.handle(Event(key, EventKind.command, name="start",
                                       args={"track": "llm-engineer", "level": "mid", "length": "3"},
                                       message_id=f"{key.channel}-start"))
    return next(x for x in replies if isinstance(x, r.QuestionReply)).question_id


async def journaled(coach, key: ConversationKey, count: int) -> None:
    """Until `count` messages of the conversation wait in the journal (a bounded wait, no assert)."""
    for _ in range(100):
        if len(await coach.deps.store.journal.pending(key.user)) >= count:
            return
        await asyncio.sleep(0.05)


def questions_shown(replies: list[r.Reply]) -> list[tuple[int, str]]:
    return [(x.number, x.stage) for x in replies if isinstance(x, r.QuestionReply)]


async def test_a_skip_never_acts_on_an_answer_sent_after_it(coach, monkeypatch):
    """QA: `skip` then an answer, while a turn still runs: the skip's turn graded the answer first."""
    key = ConversationKey(UserRef("slack", "W-order", "U-order"), "D-order")
    other = Coach(coach.deps)  # another process of the bot
    q1 = await started(coach, key)
    graded = spy_grading(coach, monkeypatch)
    store = coach.deps.store
    lock = store.sessions.redis.lock(store.sessions.keys.turn_lock(key), timeout=30)
    assert await lock.acquire()  # a turn of this conversation still running somewhere
    try:
        skip = asyncio.create_task(coach.handle(Event(key, EventKind.command, name="skip", message_id="o1")))
        await journaled(coach, key, 1)
        answer = asyncio.create_task(other.handle(Event(key, EventKind.text, text=NEXT, message_id="o2")))
        await journaled(coach, key, 2)
    finally:
        await lock.release()
    replies = [*await skip, *await answer]
    q2 = next(x.question_id for x in replies if isinstance(x, r.QuestionReply) and x.number == 2)
    assert q2 != q1
    assert graded == [(q2, NEXT)], "the answer is graded against the question the skip moved to"
    assert [x.number for x in replies if isinstance(x, r.FeedbackReply)] == [2]
    assert await store.journal.pending(key.user) == []
    assert len(coach.arrivals) == len(other.arrivals) == 0  # a conversation leaves nothing behind


async def test_a_command_journaled_by_a_turn_that_never_ran_acts_before_the_next_answer(coach, monkeypatch):
    """A `skip` journaled by a process that died before its turn: the next message takes it in first,
    in its place, then is graded against the question it moved to."""
    key = ConversationKey(UserRef("discord", "dm", "U-orphan-skip"), "D-orphan-skip")
    q1 = await started(coach, key)
    await coach.deps.store.journal.record_incoming(key, "", "k1", intent="skip")
    graded = spy_grading(coach, monkeypatch)
    replies = await coach.handle(Event(key, EventKind.text, text=WEAK, message_id="k2"))
    assert questions_shown(replies)[0] == (2, "main"), "the skip's reply comes first"
    assert isinstance(replies[0], r.ModelAnswerReply) and replies[0].question_id == q1
    assert [q for q, _ in graded] == [replies[1].question_id] and graded[0][1] == WEAK
    assert await coach.deps.store.journal.pending(key.user) == []


async def test_quick_answer_skip_answer_in_one_process_go_in_order(coach, monkeypatch):
    """The QA steps, at service level: three messages handed in at once."""
    key = ConversationKey(UserRef("slack", "W-quick3", "U-quick3"), "D-quick3")
    q1 = await started(coach, key)
    graded = spy_grading(coach, monkeypatch)
    events = [Event(key, EventKind.text, text=WEAK, message_id="t1"),
              Event(key, EventKind.command, name="skip", message_id="t2"),
              Event(key, EventKind.text, text=NEXT, message_id="t3")]
    first, skipped, last = await asyncio.gather(*(coach.handle(e) for e in events))
    assert questions_shown(first) == [(1, "retry")]
    assert questions_shown(skipped) == [(2, "main")]
    q2 = next(x.question_id for x in skipped if isinstance(x, r.QuestionReply))
    assert graded == [(q1, WEAK), (q2, NEXT)]
    assert [x.number for x in last if isinstance(x, r.FeedbackReply)] == [2]


async def test_a_command_refused_as_busy_does_not_act_later(coach, monkeypatch):
    key = ConversationKey(UserRef("slack", "W-busy-skip", "U-busy-skip"), "D-busy-skip")
    q1 = await started(coach, key)
    store = coach.deps.store
    monkeypatch.setattr(store.sessions, "wait_seconds", 0.2)
    lock = store.sessions.redis.lock(store.sessions.keys.turn_lock(key), timeout=30)
    assert await lock.acquire()
    try:
        busy = await coach.handle(Event(key, EventKind.command, name="skip", message_id="s1"))
    finally:
        await lock.release()
    assert [x.text for x in busy] == [BUSY], "it asks for the message again"
    graded = spy_grading(coach, monkeypatch)
    await coach.handle(Event(key, EventKind.text, text=WEAK, message_id="s2"))
    assert graded == [(q1, WEAK)], "the refused skip did not move the interview on behind the person's back"
