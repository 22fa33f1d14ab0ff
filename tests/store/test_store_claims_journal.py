import pytest

from bot.store.history import GradedAnswer
from bot.store.sessions import TurnWrites


async def test_a_message_is_claimed_once(store):
    assert await store.claims.claim_message("slack", "1712.0001") is True
    assert await store.claims.claim_message("slack", "1712.0001") is False
    assert await store.claims.claim_message("discord", "1712.0001") is True  # ids are per platform


async def test_a_released_claim_lets_the_redelivery_through(store):
    assert await store.claims.claim_message("slack", "m2") is True
    await store.claims.release_claim("slack", "m2")
    assert await store.claims.claim_message("slack", "m2") is True


async def test_claimed_releases_when_handling_fails(store):
    with pytest.raises(RuntimeError):
        async with store.claims.claimed("discord", "m3") as first:
            assert first is True
            raise RuntimeError("grading failed")
    async with store.claims.claimed("discord", "m3") as first:
        assert first is True  # the redelivery is processed
    async with store.claims.claimed("discord", "m3") as first:
        assert first is False  # ... once


async def test_a_message_without_an_id_is_never_deduplicated(store):
    assert await store.claims.claim_message("console", "") is True
    assert await store.claims.claim_message("console", "") is True


async def test_the_answer_is_recorded_before_it_is_graded(store, conv, alice):
    entry = await store.journal.record_incoming(conv, "attention is O(n^2)", "m1")
    pending_while_grading = []

    async def grade(session):
        pending_while_grading.extend(await store.journal.pending(alice))
        answer = GradedAnswer("q-attn", "transformers", 8, {"missing": []})
        return {"state": "feedback"}, TurnWrites(answers=[answer], journal_done=[entry]), None

    await store.sessions.run_turn(conv, grade)
    assert [(p.id, p.text, p.message_id, p.key) for p in pending_while_grading] == [
        (entry, "attention is O(n^2)", "m1", conv)
    ]
    assert await store.journal.pending(alice) == []  # graded and no longer pending, together


async def test_an_answer_whose_grading_crashed_stays_pending(store, conv, alice):
    entry = await store.journal.record_incoming(conv, "my answer", "m9")

    async def crash(session):
        raise TimeoutError("LLM timed out")

    with pytest.raises(TimeoutError):
        await store.sessions.run_turn(conv, crash)
    assert [p.id for p in await store.journal.pending(alice)] == [entry]
    await store.journal.mark_done(alice, entry)
    assert await store.journal.pending(alice) == []


async def test_a_command_is_journaled_with_what_it_asks_in_the_order_messages_came(store, conv, alice):
    answer = await store.journal.record_incoming(conv, "my answer", "m1")
    start = await store.journal.record_incoming(conv, "", "m2", intent="start", args={"track": "nlp-engineer"})
    # an entry written before commands were journaled has no intent: it is an answer
    old = await store.journal.redis.xadd(store.journal.keys.journal(alice), {"channel": conv.channel, "text": "older",
                                                             "message_id": "m3", "at": "2026-01-01T00:00:00+00:00"})
    pending = await store.journal.pending(alice)
    assert [(p.id, p.intent, p.args, p.text) for p in pending] == [
        (answer, "answer", {}, "my answer"), (start, "start", {"track": "nlp-engineer"}, ""), (old, "answer", {}, "older")]
    assert await store.journal.mark_done(alice, start) is True
    assert await store.journal.mark_done(alice, start) is False  # a turn took it in already
