"""In a daily question's thread, a short answer that starts with `group`, `daily` or `leaderboard` ("Daily
retraining", "Group similar chunks") was told the command's usage and lost, though the DM interview grades it:
the words after the command word are read as misread_command reads them there (a word of a sentence or of
the field makes an answer). What really looks like the command ("group explode", a slipped `group craete`,
`daily sett time=09:00`) still gets its usage and spends no try."""
from __future__ import annotations

from dataclasses import replace

from bot.engine import replies as r
from bot.service.coach import BEFORE, EDITED

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily
from tests.service.test_misread_commands_in_a_daily_thread import HOW_TO_ANSWER


async def test_a_short_answer_after_group_daily_or_leaderboard_is_graded(coach, clock):
    await post_daily(coach, clock)
    for who, text in (("ana", "Daily retraining"), ("bo", "Group similar chunks"),
                      ("cy", "Leaderboard overfitting matters"), ("di", "daily drift checks")):
        replies = await coach.handle(in_channel(who, text, thread="thread-1"))
        assert last(replies, r.FeedbackReply) is not None, f"{text}: an answer, graded; got {replies}"


async def test_what_really_looks_like_the_command_still_gets_its_usage(coach, clock):
    await post_daily(coach, clock)
    for text, usage in (("group explode", "`group create NAME`"), ("group craete rag-club", "`group create NAME`"),
                        ("daily sett time=09:00", "`daily set ...`"), ("daily add nopipe", "`daily add <id>"),
                        ("leaderboard quantum zebra", "`leaderboard week|all|improved`")):
        [notice] = await coach.handle(in_channel("ed", text, thread="thread-1"))
        assert notice.private and usage in notice.text and HOW_TO_ANSWER in notice.text, (text, notice.text)


async def test_leaderboard_and_a_word_of_the_field_that_names_no_group_is_an_answer(coach, clock):
    """"leaderboard contamination" read as the board of a study group called "contamination": "I know no study
    group called ...", and the answer was lost. With no such group it is graded; with one, it is its board."""
    await post_daily(coach, clock)
    replies = await coach.handle(in_channel("fa", "leaderboard contamination", thread="thread-1"))
    assert last(replies, r.FeedbackReply) is not None, replies
    await coach.handle(in_channel("gu", "group create contamination"))
    board = last(await coach.handle(in_channel("gu", "leaderboard contamination", thread="thread-1")), r.TableReply)
    assert board is not None and "contamination" in board.title, board
    [notice] = await coach.handle(in_channel("gu", "leaderboard quantum", thread="thread-1"))
    assert "no study group called `quantum`" in notice.text, notice.text


async def test_an_edit_of_such_an_answer_is_a_new_try_as_any_answers_edit_is(coach, clock):
    """"leaderboard contamination" was graded, so its edit is a new try, not ignored as a command's edit."""
    post = await post_daily(coach, clock)
    assert last(await coach.handle(in_channel("hu", "leaderboard contamination", thread="thread-1")), r.FeedbackReply)
    edit = in_channel("hu", coach.questions[post.question_id].model_answer, thread="thread-1")
    replies = await coach.handle(replace(edit, args={EDITED: "yes", BEFORE: "leaderboard contamination"}))
    assert last(replies, r.FeedbackReply) is not None, replies
