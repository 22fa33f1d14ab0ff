"""During an interview, "leaderboard contamination" (a short answer naming a term of the field) was read as
the board of a study group called "contamination": "I know no study group called ..." on Slack, "the terminal
has no channel" in the terminal, and the answer was lost. Where no group has that name it is graded, as
misread_command grades "hint <a term of the field>"; with no interview it is still the board asked for."""
from __future__ import annotations

from bot.engine import replies as r

from .helpers import key, last, say


async def test_leaderboard_and_a_term_of_the_field_during_an_interview_is_graded(coach):
    for k in (key("board-term"), key("board-term-slack", platform="slack", channel="D-term")):
        await coach.handle(say("start llm junior 2", k))
        replies = await coach.handle(say("leaderboard contamination", k))
        assert last(replies, r.FeedbackReply) is not None, (k, replies)


async def test_a_group_of_that_name_or_no_interview_still_gets_the_board(coach):
    k = key("board-term-group", platform="slack", channel="D-term-group")
    [notice] = await coach.handle(say("leaderboard contamination", k))
    assert "no study group called `contamination`" in notice.text, notice.text
    await coach.handle(say("group create contamination", k))
    await coach.handle(say("start llm junior 2", k))
    board = last(await coach.handle(say("leaderboard contamination", k)), r.TableReply)
    assert board is not None and "contamination" in board.title, board
