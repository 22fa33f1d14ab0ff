"""`answer` is the same as `skip` (README): the model answer, then the next question introduced alike."""
from __future__ import annotations

from .helpers import current_question, key, say


async def test_answer_and_skip_introduce_the_next_question_alike(coach):
    k = key("answer-is-skip")
    current_question(await coach.handle(say("start llm junior 4", k)))
    prefaces = []
    for text in ("skip", "answer", "What's the answer?"):
        prefaces.append(current_question(await coach.handle(say(text, k))).preface)
    assert prefaces == ["Skipped. Next question:"] * 3, prefaces
    await coach.handle(say("end", k))
