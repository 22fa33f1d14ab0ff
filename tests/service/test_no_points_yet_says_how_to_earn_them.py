"""An empty board, and "no points yet" in a DM, say what earns points (QA: "answer a daily question to get
on the board" was not true for someone who had answered and scored under 3: such answers earn no points,
and boards list only people with points)."""
from __future__ import annotations

from bot.community.points import MIN_SCORE
from bot.engine import replies as r
from bot.engine.events import ConversationKey, UserRef

from tests.engine.helpers import last, say
from tests.service.test_daily_and_boards import in_channel, post_daily

RULE = f"an answer to a daily question that scores {MIN_SCORE:g} or more"


async def test_someone_who_answered_under_3_is_told_what_gets_them_on_the_board(coach, clock):
    await post_daily(coach, clock)
    graded = last(await coach.handle(in_channel("bob", "I don't know", thread="thread-1")), r.FeedbackReply)
    assert graded.feedback.score < MIN_SCORE, "answered, and earned nothing"
    for period in ("week", "all"):
        board = last(await coach.handle(in_channel("bob", f"leaderboard {period}")), r.TableReply)
        assert board.rows == () and board.footer == f"No points yet: {RULE} gets you on the board.", board
    [dm] = await coach.handle(say("leaderboard", ConversationKey(UserRef("slack", "T1", "bob"), "DBOB")))
    assert dm.text.endswith(f"You have no points yet: {RULE} earns them (answer in its thread in a channel)."), dm
