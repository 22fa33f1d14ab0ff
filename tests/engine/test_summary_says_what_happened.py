"""The summary names topics as `start` takes them (never the bank's file names "levels" or
"understanding"), offers the weakest to practise whatever it is, and says what a score hides: a hint before
it, a follow-up skipped, a misconception flagged on a try that does not count (QA)."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render
from bot.engine.session import Result, Session
from bot.engine.start_args import parse_start_args, topic_name
from bot.engine.summary import build_summary

from .helpers import current_question, key, last, say


def _summary(services, scores: dict[str, float]) -> r.SummaryReply:
    questions = {q.id: q for q in services.pack.questions}
    results = []
    for slug, score in scores.items():
        q = next(q for q in services.pack.questions if q.topic == slug)
        results.append(Result(q.id, q.topic, score, [], covered=[], missed=[]))
    session = Session(track="mixed", level="mid", length=len(results), queue=[], number=len(results), results=results)
    return build_summary(session, questions, services.pack.sections)


def test_topics_are_named_as_start_takes_them(services):
    summary = _summary(services, {"levels": 5.0, "understanding": 7.3, "faq": 8.0, "roles": 6.0})
    assert dict(summary.topics) == {"core": 5.0, "fundamentals": 7.3, "career": 7.0}
    assert summary.practice_topic == "core"
    assert "By topic: core 5.0, career 7.0, fundamentals 7.3" in render(summary)
    assert parse_start_args(["core"]) == parse_start_args(["levels"]) == {"topic": "core"}
    assert topic_name("retrieval") == "rag" and topic_name("behavioral") == "behavioral"


def test_a_weak_behavioral_topic_is_offered_too(services):
    summary = _summary(services, {"behavioral": 3.0, "retrieval": 8.0})
    assert summary.practice_topic == "behavioral"
    assert "Practise next: `start behavioral`" in render(summary)


async def test_a_hint_a_skipped_follow_up_and_a_flagged_misconception_are_in_the_summary(coach):
    k = key("summary-marks")
    for _ in range(20):  # a first question with a misconception in its bank
        q = current_question(await coach.handle(say("start rag mid 2", k)))
        bank = coach.questions[q.question_id]
        if bank.misconceptions and bank.hints:
            break
        await coach.handle(say("end", k))
    myth = bank.misconceptions[0]
    await coach.handle(say("hint", k))
    first = last(await coach.handle(say((myth.phrasings or [myth.claim])[0], k)), r.FeedbackReply)
    assert first.feedback.misconceptions, "the myth is flagged on the first try"
    replies = await coach.handle(say(bank.model_answer, k))
    assert current_question(replies).stage == "followup", "the model answer is strong: a follow-up comes"
    await coach.handle(say("skip", k))
    summary = last(await coach.handle(say("end", k)), r.SummaryReply)
    row = summary.questions[0]
    assert row.hints >= 1 and row.misconceptions == (first.feedback.misconceptions[0].claim,)
    text = render(summary)
    assert "after a hint" in text.splitlines()[2] or "after 2 hints" in text.splitlines()[2]
    flagged = first.feedback.misconceptions[0]  # the terminal shows its correction too, as feedback does
    assert f"⚠ Misconception flagged on the way: {flagged.claim} → {flagged.correction}" in text, text
    assert row.followups_skipped == 1 and "skipped)" in text.splitlines()[2]
