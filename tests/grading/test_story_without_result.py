"""A story that stops at the plan tells no result, and is not credited for one (QA).

A mid story on disagreeing with a researcher ended "agreed on a plan" and was shown the outcome point as
made, quoting that sentence ("In the end ...") or, without "In the end", the story's actions.
"""
from __future__ import annotations

import pytest

STORY = ("Last year a data scientist on my team wanted to ship a large transformer classifier that beat our "
         "logistic regression by three F1 points offline. I owned the serving stack, and the new model would have "
         "tripled our latency. I asked her what problem she expected it to fix and listened to her reasons. I "
         "proposed that we agree on a test set from recent traffic and a latency limit before arguing further. ")
ENDINGS = ["In the end we sat down with our manager and agreed on a plan.",
           "We sat down with our manager and agreed on a plan."]
RESULT = "The test showed the gain was real on long queries, so we shipped a distilled version together within budget."


def _result(feedback):
    return next(p for p in feedback.points if p.point_id == "result")


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_story_that_ends_on_a_plan_is_not_credited_with_a_result(grader, ending):
    feedback = grader.grade(STORY + ending, question_id="behav-disagree-researcher")
    assert _result(feedback).status == "missed", _result(feedback)
    action = next(p for p in feedback.points if p.point_id == "action")
    assert action.status != "missed"


def test_the_same_story_with_its_outcome_is_credited_with_it(grader):
    feedback = grader.grade(STORY + ENDINGS[1] + " " + RESULT, question_id="behav-disagree-researcher")
    assert _result(feedback).status == "covered"
    assert "shipped a distilled version" in _result(feedback).evidence
