import asyncio

import pytest

from bot.engine.events import ConversationKey
from bot.store.errors import TurnBusy
from bot.store.history import GradedAnswer
from bot.store.sessions import SessionStore, TurnWrites


async def test_session_round_trip_with_expiry(store, conv, settings):
    assert await store.sessions.get(conv) is None
    assert await store.sessions.ttl(conv) == -2
    session = {"state": "asking", "questions": ["q1", "q2"], "note": "naïve ✓"}
    await store.sessions.put(conv, session)
    assert await store.sessions.get(conv) == session
    assert 0 < await store.sessions.ttl(conv) <= settings.session_ttl_seconds
    await store.sessions.delete(conv)
    assert await store.sessions.get(conv) is None


async def test_each_turn_write_refreshes_the_expiry(store, redis, keys, conv, settings):
    await store.sessions.put(conv, {"n": 0})
    await redis.expire(keys.session(conv), 5)

    async def step(session):
        return {"n": session["n"] + 1}, TurnWrites(), None

    await store.sessions.run_turn(conv, step)
    assert await store.sessions.ttl(conv) > 5


async def test_a_turn_returning_none_ends_the_session(store, conv):
    await store.sessions.put(conv, {"state": "asking"})

    async def end(session):
        return None, TurnWrites(), "bye"

    assert await store.sessions.run_turn(conv, end) == "bye"
    assert await store.sessions.get(conv) is None


async def test_a_failing_step_writes_nothing(store, conv, alice):
    await store.sessions.put(conv, {"n": 1})

    async def boom(session):
        raise RuntimeError("grader crashed")

    with pytest.raises(RuntimeError):
        await store.sessions.run_turn(conv, boom)
    assert await store.sessions.get(conv) == {"n": 1}
    assert await store.history.history(alice) == []

    async def ok(session):  # the lock was released: the next turn runs
        return {"n": session["n"] + 1}, TurnWrites(), "ok"

    assert await store.sessions.run_turn(conv, ok) == "ok"


async def test_a_non_serialisable_session_is_refused_and_nothing_is_written(store, conv):
    async def bad(session):
        return {"when": object()}, TurnWrites(), None

    with pytest.raises(ValueError):
        await store.sessions.run_turn(conv, bad)
    assert await store.sessions.get(conv) is None


async def test_two_messages_at_once_are_both_applied_in_turn(store, conv, alice):
    seen: list[list[str] | None] = []

    def answer_step(text: str):
        async def step(session):
            seen.append(None if session is None else list(session["answers"]))
            await asyncio.sleep(0.05)  # "grading": lets the other message try to run meanwhile
            answers = (session or {"answers": []})["answers"] + [text]
            graded = GradedAnswer(question_id=f"q{len(answers)}", topic="rag", score=7)
            return {"answers": answers}, TurnWrites(answers=[graded]), text

        return step

    results = await asyncio.gather(
        store.sessions.run_turn(conv, answer_step("first")),
        store.sessions.run_turn(conv, answer_step("second")),
    )
    assert sorted(results) == ["first", "second"]
    final = (await store.sessions.get(conv))["answers"]
    assert sorted(final) == ["first", "second"]  # none lost
    assert seen == [None, final[:1]]  # the second step saw the first one's session: no state graded twice
    history = await store.history.history(alice)
    assert [h.question_id for h in history] == ["q2", "q1"]  # committed in the same order as the session
    assert (await store.history.mastery(alice))["rag"].count == 2


async def test_a_write_behind_a_lost_lock_is_not_overwritten(store, redis, keys, conv, alice, settings):
    other = SessionStore(redis, keys, settings.session_ttl_seconds)
    await store.sessions.put(conv, {"answers": []})
    inputs = []

    async def step(session):
        inputs.append(session)
        if len(inputs) == 1:
            # as if our lock had expired and another process's turn committed meanwhile
            await other.put(conv, {"answers": ["from the other process"]})
        graded = GradedAnswer(question_id=f"attempt{len(inputs)}", topic="rag", score=5)
        return {"answers": session["answers"] + ["mine"]}, TurnWrites(answers=[graded]), len(inputs)

    assert await store.sessions.run_turn(conv, step) == 2
    assert inputs == [{"answers": []}, {"answers": ["from the other process"]}]
    assert await store.sessions.get(conv) == {"answers": ["from the other process", "mine"]}
    assert [h.question_id for h in await store.history.history(alice)] == ["attempt2"]


async def test_a_second_message_gives_up_when_the_first_holds_the_turn(store, redis, keys, conv, settings):
    impatient = SessionStore(redis, keys, settings.session_ttl_seconds, wait_seconds=0.2)
    started, finish = asyncio.Event(), asyncio.Event()

    async def slow(session):
        started.set()
        await finish.wait()
        return {"done": True}, TurnWrites(), None

    first = asyncio.create_task(store.sessions.run_turn(conv, slow))
    await started.wait()

    async def never(session):
        raise AssertionError("must not run while the first turn holds the lock")

    with pytest.raises(TurnBusy):
        await impatient.run_turn(conv, never)
    finish.set()
    await first
    assert await store.sessions.get(conv) == {"done": True}


async def test_concurrent_turns_in_many_conversations_lose_no_score(store, alice):
    convs = [ConversationKey(alice, f"C{i}") for i in range(6)]

    async def step(session):
        n = (session or {"n": 0})["n"] + 1
        return {"n": n}, TurnWrites(answers=[GradedAnswer("q1", "embeddings", 6)]), n

    async def three_turns(conv):
        for _ in range(3):
            await store.sessions.run_turn(conv, step)

    await asyncio.gather(*(three_turns(c) for c in convs))
    assert (await store.history.mastery(alice))["embeddings"].count == 18
    assert len(await store.history.history(alice, limit=100)) == 18
    assert [await store.sessions.get(c) for c in convs] == [{"n": 3}] * len(convs)


async def test_a_turn_longer_than_the_lease_keeps_its_lock(redis, keys, settings, conv):
    """The lease is short so that a dead turn frees the conversation soon; a live one renews it."""
    sessions = SessionStore(redis, keys, settings.session_ttl_seconds, lock_seconds=0.3)
    other = SessionStore(redis, keys, settings.session_ttl_seconds, wait_seconds=1.0)
    started, finish = asyncio.Event(), asyncio.Event()

    async def slow(session):
        started.set()
        await finish.wait()
        return {"done": True}, TurnWrites(), "slow"

    first = asyncio.create_task(sessions.run_turn(conv, slow))
    await started.wait()

    async def never(session):
        raise AssertionError("must not run while the first turn holds the lock")

    try:
        with pytest.raises(TurnBusy):
            await other.run_turn(conv, never)
    finally:
        finish.set()
    assert await first == "slow"
