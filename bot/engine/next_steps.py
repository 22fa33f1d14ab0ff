"""The next step under an interview answer that made every point. The grader's names one thing that answer
lacks (bot/grading/go_further.py); said after each answer the same way it would repeat itself, so here it is
the thing lacking that was asked for least so far in the interview. A step about a gap or a
misconception is the grader's, kept as written (render_text points it to its line)."""
from __future__ import annotations

import re

from bot.grading.feedback import Feedback
from bot.grading.go_further import go_further
from bot.grading.scoring import STORY_DONE_STEP

STORY_WITH_NUMBER = "Your story covers every part. Practise telling it in about two minutes."


def interview_step(fb: Feedback, answer: str, story: bool, followup: bool, asked: list[str]) -> tuple[str, str]:
    """(the step, the kind of depth it asks for or ""). `asked`: the kinds asked for earlier in the interview,
    so the one asked for least comes next. A follow-up that made every point did what it was asked: a
    step on top would be advice for the main question again, so it gets none ("")."""
    if fb.misconceptions or not fb.points or any(p.status != "covered" for p in fb.points):
        return fb.next_step, ""
    if story:  # "when you would not use it" means nothing in a story
        told_a_number = fb.next_step == STORY_DONE_STEP and re.search(r"\d", answer)
        return (STORY_WITH_NUMBER if told_a_number else fb.next_step), ""
    if followup:
        return "", ""
    return go_further(answer, asked)
