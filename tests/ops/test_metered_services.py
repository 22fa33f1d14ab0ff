"""Grade and retrieval timings, and LLM fallbacks, measured without changing the engine."""
from __future__ import annotations

import copy
import uuid

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.bootstrap import start_runtime
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.grading.judge import FALLBACK_NOTE
from bot.ops.metrics import MeteredCoach, MeteredGrading, MeteredIndex, instrument, sample
from bot.store.keys import Keys


def _private_copy(services, **settings):
    """A Services sharing the loaded model and index, whose wrappers do not leak into other tests."""
    services.index  # noqa: B018 - build the shared index once, so copies do not each open their own
    mine = copy.copy(services)
    mine.__dict__ = dict(services.__dict__)
    if settings:
        mine.settings = services.settings.model_copy(update=settings)
    return mine


def test_instrument_times_grading_and_retrieval_and_is_idempotent(services):
    mine = instrument(instrument(_private_copy(services)))
    assert isinstance(mine.grading, MeteredGrading) and isinstance(mine.index, MeteredIndex)
    assert not isinstance(mine.grading._inner, MeteredGrading)
    assert not isinstance(services.__dict__.get("grading"), MeteredGrading)  # the shared one is untouched
    grades, searches = sample("coach_stage_seconds_count", {"stage": "grade"}), \
        sample("coach_stage_seconds_count", {"stage": "retrieval"})
    question = mine.pack.questions[0]
    feedback = mine.grading.grade(question, "an answer about the question")
    assert 0 <= feedback.score <= 10
    assert mine.retrieve_passages("what is attention", k=3)
    assert sample("coach_stage_seconds_count", {"stage": "grade"}) == grades + 1
    assert sample("coach_stage_seconds_count", {"stage": "retrieval"}) == searches + 1


async def test_a_failing_llm_judge_counts_as_a_fallback(services):
    mine = _private_copy(services, llm_retries=0, llm_provider="none")
    for built in ("grader", "grading"):
        mine.__dict__.pop(built, None)
    mine.chat_model = FakeListChatModel(responses=["this is not the JSON the judge asked for"])
    namespace = f"test-{uuid.uuid4().hex[:12]}"
    runtime = await start_runtime(instrument(mine), store_keys=Keys(namespace=namespace),
                                  community_prefix=f"{namespace}-community:")
    coach = MeteredCoach(runtime.coach)
    key = ConversationKey(UserRef("slack", "T1", "fallback-user"), "D1")
    before = sample("coach_llm_fallbacks_total")
    try:
        await coach.handle(Event(key, EventKind.command, name="start", args={"track": "llm-engineer"}))
        replies = await coach.handle(Event(key, EventKind.text, text="Retrieval augmented generation grounds "
                                           "the answer in passages we retrieved, and the prompt says to use "
                                           "only those passages."))
    finally:
        keys = [k async for k in runtime.handle.client.scan_iter(match=f"{namespace}*")]
        if keys:
            await runtime.handle.client.delete(*keys)
        await runtime.close()
    notes = [n for rep in replies if hasattr(rep, "feedback") for n in rep.feedback.notes]
    assert FALLBACK_NOTE in notes
    assert sample("coach_llm_fallbacks_total") == before + 1


async def test_scheduled_posts_are_counted_by_what_became_of_them(runtime, clock):
    from bot.community.refs import ChannelRef
    from bot.engine import replies as r
    from bot.service.scheduled_posts import to_payload

    coach = MeteredCoach(runtime.coach)
    channel = ChannelRef("slack", "T1", "C-metrics")
    await runtime.community.outbox.put([(channel, to_payload(r.Notice(text))) for text in ("a", "b", "c")],
                                       clock.now())
    sent, retry, dropped = await coach.community.outgoing("slack")
    outcomes = ("sent", "retry", "dropped")
    before = [sample("coach_scheduled_posts_total", {"platform": "slack", "outcome": o}) for o in outcomes]
    await coach.community.sent(sent)
    assert await coach.community.unsent(retry) is False
    assert await coach.community.unsent(dropped, permanent=True) is True
    after = [sample("coach_scheduled_posts_total", {"platform": "slack", "outcome": o}) for o in outcomes]
    assert after == [b + 1 for b in before]
