"""A question's buttons and Answer form act on the part of the question they were shown with."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.events import EventKind
from bot.engine.question_ref import ref_args

from .helpers import current_question, key, last, say


def test_a_reference_reads_back_as_question_and_part():
    assert ref_args("q-1:m") == {"question_id": "q-1", "part": "m"}
    assert ref_args("q-1:f2") == {"question_id": "q-1", "part": "f2"}
    assert ref_args("q-1") == {"question_id": "q-1"}  # posted before the part was carried
    assert ref_args("q-1:zz") == {"question_id": "q-1:zz"}  # no part: matches no question
    assert ref_args("") == {}


async def _at_follow_up(coach, k) -> tuple[r.QuestionReply, r.QuestionReply]:
    """(the main question, its first follow-up), reached with model answers."""
    main = current_question(await coach.handle(say("start llm mid 5", k)))
    for _ in range(3):
        asked = current_question(await coach.handle(say(coach.questions[main.question_id].model_answer, k)))
        if asked.stage == "followup":
            return main, asked
        main = asked
    raise AssertionError("no follow-up was asked")


def _press(k, name, ref, text=""):
    kind = EventKind.text if name == "answer" else EventKind.button
    return say(text, k, kind=kind, name="" if name == "answer" else name, args=ref_args(ref))


async def test_the_main_questions_buttons_and_form_do_not_act_on_its_follow_up(coach):
    k = key()
    main, follow_up = await _at_follow_up(coach, k)
    assert main.ref.endswith(":m") and follow_up.ref == f"{main.question_id}:f1"
    for name in ("skip", "hint"):
        replies = await coach.handle(_press(k, name, main.ref))
        assert [type(x) for x in replies] == [r.Notice] and "follow-up to question" in replies[0].text, name
    replies = await coach.handle(_press(k, "answer", main.ref, "Written for the main question."))
    assert last(replies, r.FeedbackReply) is None and "Written for the main question." in replies[0].text
    assert current_question(await coach.handle(say("repeat", k))).ref == follow_up.ref  # still asked

    own = await coach.handle(_press(k, "hint", follow_up.ref))  # its hint, or word that it has none
    assert own and not any("moved past" in getattr(x, "text", "") for x in own)
    ended = await coach.handle(_press(k, "end", main.ref))  # End ends the interview it sits in
    assert last(ended, r.SummaryReply) is not None


async def test_a_second_try_asks_the_same_question_so_the_main_questions_buttons_act_on_it(coach):
    k = key()
    main = current_question(await coach.handle(say("start llm mid 3", k)))
    retry = current_question(await coach.handle(say("I am not sure, maybe something about words?", k)))
    assert retry.stage == "retry" and retry.ref == main.ref
    replies = await coach.handle(_press(k, "skip", main.ref))
    assert last(replies, r.ModelAnswerReply) is not None and current_question(replies).number == 2
