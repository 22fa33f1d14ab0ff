"""`exit` ends an interview as `quit` and `stop` do: it was graded as an answer (0.0/10, a try spent)."""
from __future__ import annotations

import pytest

from bot.engine import replies as r
from bot.engine.commands import parse_command

from .helpers import current_question, key, last, say


@pytest.mark.parametrize("text", ["exit", "Exit.", "exit please", "exit the interview"])
async def test_exit_ends_the_interview_with_its_summary_and_grades_nothing(coach, text):
    k = key(f"exit-{text}")
    current_question(await coach.handle(say("start llm junior 2", k)))
    replies = await coach.handle(say(text, k))
    assert last(replies, r.FeedbackReply) is None, text
    assert last(replies, r.SummaryReply) is not None, text


def test_exit_reads_as_quit_does():
    for quit_form, exit_form in (("quit", "exit"), ("quit interview", "exit interview"), ("qiut", "exti")):
        quit_cmd, exit_cmd = parse_command(quit_form), parse_command(exit_form)
        assert (exit_cmd.name if exit_cmd else None) == (quit_cmd.name if quit_cmd else None), exit_form
