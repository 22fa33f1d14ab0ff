"""`end` with questions never reached says so before the summary: "You ended after 1 of 3 questions"."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render

from .helpers import key, last, say

WEAK = "I am not sure, maybe it is something about vectors."


def _shown(replies: list[r.Reply]) -> str:
    return "\n".join(render(x) for x in replies)


async def test_ending_after_one_of_three_says_so_before_the_summary(coach):
    k = key("ux-end-early")
    await coach.handle(say("start nlp junior 3", k))
    await coach.handle(say(WEAK, k))
    replies = await coach.handle(say("end", k))
    summary = last(replies, r.SummaryReply)
    assert summary is not None and len(summary.questions) == 1
    shown = _shown(replies)
    assert "You ended after 1 of 3 questions" in shown, shown
    assert shown.index("You ended after") < shown.index("Interview summary"), shown


async def test_no_line_when_every_question_was_reached_or_none_was(coach):
    k = key("ux-end-all")
    await coach.handle(say("start nlp junior 2", k))
    await coach.handle(say("skip", k))
    await coach.handle(say(WEAK, k))  # the last question, graded and open for a second try
    replies = await coach.handle(say("end", k))
    assert len(last(replies, r.SummaryReply).questions) == 2
    assert "You ended after" not in _shown(replies)

    k = key("ux-end-none")
    await coach.handle(say("start nlp junior 3", k))
    shown = _shown(await coach.handle(say("end", k)))
    assert "No questions were answered" in shown and "You ended after" not in shown, shown
