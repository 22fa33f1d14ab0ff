"""After an answer that made every point, the next step names what that answer still lacks (a trade-off, an
example, when not to use it), never what it just did, and varies; it never promises a follow-up, which the
last follow-up before the summary would not keep. A story with a number is not asked for one (QA)."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.next_steps import interview_step
from bot.grading.feedback import Dimensions, Feedback, PointVerdict
from bot.grading.go_further import go_further
from bot.grading.scoring import STORY_DONE_STEP

from .helpers import key, say


def _graders(answer: str) -> str:
    """The grader's step for an answer that made every point (scoring.next_step), before the interview's."""
    return go_further(answer)[0]


def _fb(step: str, status: str = "covered") -> Feedback:
    point = PointVerdict("p1", "Hybrid retrieval fuses rankings.", status, "We fuse.", "", None)
    return Feedback(score=8.0, points=[point], misconceptions=[], notes=[], dimensions=Dimensions(10, 3, 7),
                    next_step=step, grader="offline", rubric_source="bank", question_id="q1", question="Why?")


def _step(fb: Feedback, answer: str, story: bool = False, followup: bool = False, asked: list[str] = ()) -> str:
    return interview_step(fb, answer, story=story, followup=followup, asked=list(asked))[0]


def test_the_step_asks_for_what_the_answer_lacks_not_for_what_it_did_nor_what_was_asked_last():
    with_example = "We fuse BM25 and dense rankings, for example with reciprocal rank fusion."
    asked: list[str] = []
    steps = []
    for _ in range(4):
        step, kind = interview_step(_fb(_graders(with_example)), with_example, story=False, followup=False,
                                    asked=asked)
        steps.append(step)
        asked.append(kind)
    assert all("example" not in s for s in steps), steps
    assert steps[0] != steps[1] and steps[0] == steps[2], "a trade-off and when not to use it, by turns"
    full = ("For example we fuse BM25 and dense rankings; the downside is latency, so avoid it unless "
            "recall matters.")
    assert _step(_fb(_graders(full)), full) == ("You covered every point, with a trade-off, an example and when "
                                                "not to use it.")


def test_a_complete_answer_is_asked_for_what_it_lacks_never_promised_a_follow_up():
    answer = "BM25 is cheap but weak on synonyms, for example."
    step = _step(_fb(_graders(answer)), answer, asked=["when-not"])
    assert "follow-up" not in step and "when you would not use it" in step, "the only kind it lacks"


def test_a_follow_up_that_made_every_point_gets_no_step_on_top():
    answer = "Task completion and escalation rate."
    assert _step(_fb(_graders(answer)), answer, followup=True) == ""


def test_a_story_with_a_number_is_not_asked_for_one():
    assert "number" not in _step(_fb(STORY_DONE_STEP), "We cut latency by 30% in two weeks.", story=True)
    assert _step(_fb(STORY_DONE_STEP), "We made it faster.", story=True) == STORY_DONE_STEP


def test_a_step_about_a_gap_is_the_graders():
    step = "Go deeper on this point: Hybrid retrieval fuses rankings."
    assert _step(_fb(step, "partial"), "We fuse.") == step


async def test_an_interview_never_offers_a_follow_up_or_the_same_generic_step(coach):
    k = key("steps-fit")
    replies = await coach.handle(say("start rag mid 3", k))
    steps = []
    while not any(isinstance(x, r.SummaryReply) for x in replies):
        asked = [x for x in replies if isinstance(x, r.QuestionReply)][-1]
        q = coach.questions[asked.question_id]
        text = q.model_answer if asked.stage != "followup" else " ".join(
            p.point for f in q.followups for p in f.rubric)
        replies = await coach.handle(say(text, k))
        steps += [x.feedback.next_step for x in replies if isinstance(x, r.FeedbackReply)]
    assert steps and not any("Try a follow-up" in s for s in steps), steps
    told = [s for s in steps if "To go further" in s]
    assert told and all(a != b for a, b in zip(told, told[1:])), "never the same step twice running"
