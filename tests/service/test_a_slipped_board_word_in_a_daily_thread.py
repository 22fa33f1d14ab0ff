"""`leaderboard weeek` in a daily question's thread reads as it does in a DM (tests/engine/
test_a_slipped_board_word.py): someone with a study group called "weeek" gets that group's board, to them
alone; someone without one is asked whether `leaderboard week` was meant. The thread asked without looking
for the group (coach._command), so the group's board was out of reach there."""
from __future__ import annotations

from bot.engine import replies as r

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily


async def test_a_study_group_of_the_slipped_words_name_gets_its_board_in_the_thread(coach, clock):
    await post_daily(coach, clock)
    await coach.handle(in_channel("una", "group create weeek"))
    replies = await coach.handle(in_channel("una", "leaderboard weeek", thread="thread-1"))
    board = last(replies, r.TableReply)
    assert board is not None and "weeek" in board.title and board.private, replies


async def test_without_such_a_group_the_thread_still_asks_what_was_meant(coach, clock):
    await post_daily(coach, clock)
    [notice] = await coach.handle(in_channel("vic", "leaderboard weeek", thread="thread-1"))
    assert notice.private and notice.text == "Did you mean `leaderboard week`? Say `leaderboard week` if so."
