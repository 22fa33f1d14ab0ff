"""The next step under an interview answer that made every point. The grader's ("add a trade-off, a concrete
example or when you would not use it", "Try a follow-up question") is one sentence for every such answer: said
after each it repeats itself, asks for the example just given, and promises a follow-up the summary may
replace. Here it names one thing the answer lacks, the one asked for least so far, and nothing it did. A step about a gap or a
misconception is the grader's, kept as written (render_text points it to its line)."""
from __future__ import annotations

import re

from bot.grading.feedback import Feedback
from bot.grading.scoring import STORY_DONE_STEP
from bot.grading.signals import DEPTH_MARKERS, marker_share

GO_FURTHER = {
    "trade-off": "name a trade-off: what it costs or what you give up",
    "example": "ground it in a concrete example or a number",
    "when-not": "say when you would not use it, or what the choice depends on",
}
ALL_DEPTH = "You covered every point, with a trade-off, an example and when not to use it."
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
    _, found = marker_share(answer, DEPTH_MARKERS)
    lacking = [kind for kind in GO_FURTHER if kind not in found]
    if not lacking:
        return ALL_DEPTH, ""
    kind = min(lacking, key=asked.count)  # ties: in GO_FURTHER's order
    return f"You covered every point. To go further, {GO_FURTHER[kind]}.", kind
