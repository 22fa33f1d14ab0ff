"""The counter on a question says which bank question it is, and which follow-up or try."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render

from .helpers import current_question, key, last, say


def heading(reply: r.QuestionReply) -> str:
    return render(reply).splitlines()[1 if reply.preface else 0]


def strong_followup_answer(coach, question_id: str, followup_text: str) -> str:
    ladder = next(f for f in coach.questions[question_id].followups if f.question == followup_text)
    return " ".join(" ".join([p.point, *p.phrasings]) for p in ladder.rubric)


async def test_follow_ups_and_second_tries_are_counted_apart_from_the_questions(coach):
    k = key("labels")
    first = current_question(await coach.handle(say("start nlp junior 3", k)))
    assert heading(first) == f"Question 1 of 3 · {first.topic} · {first.level}"

    replies = await coach.handle(say(coach.questions[first.question_id].model_answer, k))
    graded = last(replies, r.FeedbackReply)
    assert (graded.stage, graded.number, graded.total) == ("main", 1, 3)
    follow = current_question(replies)
    assert heading(follow).startswith("Question 1 of 3 · follow-up 1 · ")

    replies = await coach.handle(say(strong_followup_answer(coach, first.question_id, follow.text), k))
    graded = last(replies, r.FeedbackReply)
    assert (graded.stage, graded.followup) == ("followup", 1)
    deeper = current_question(replies)
    assert deeper.stage == "followup", "a strong answer to the first follow-up gets a second"
    assert heading(deeper).startswith("Question 1 of 3 · follow-up 2 · ")
    assert heading(current_question(await coach.handle(say("repeat", k)))).startswith("Question 1 of 3 · follow-up 2")

    second = current_question(await coach.handle(say("skip", k)))
    assert heading(second).startswith("Question 2 of 3 · ")
    retry = current_question(await coach.handle(say("I don't know", k)))
    assert heading(retry).startswith("Question 2 of 3 · second try · ")


async def test_a_one_question_interview_says_one_question(coach):
    first = current_question(await coach.handle(say("start nlp junior 1", key("one"))))
    assert "nlp-engineer track, junior level, 1 question." in first.preface
