"""Commands in a daily question's thread: the ones that did not read get their usage, not a grade."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.events import UserRef

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily


async def test_a_command_with_words_it_cannot_read_in_a_daily_thread_gets_its_usage_not_a_grade(coach, clock):
    """`timezone UTC+5` or `group explode` in the thread were graded as answers: 0.0/10, a streak day
    and 'answered' in the recap (QA). A short message that starts with a command word now gets that
    command's usage, privately, and spends no try; a sentence that starts with one is still an answer."""
    post = await post_daily(coach, clock)
    for text in ("timezone UTC+5", "group explode", "timezone Mars/Olympus"):
        replies = await coach.handle(in_channel("una", text, thread="thread-1"))
        assert not any(isinstance(x, r.FeedbackReply) for x in replies), text
        [notice] = replies
        assert notice.private and "`" in notice.text and "write it as a sentence" in notice.text, text
    assert (await coach.community.community.streak(UserRef("slack", "T1", "una"), clock.now())).current == 0
    replies = await coach.handle(in_channel("una", "Group the documents by topic before you embed them, then "
                                                   "retrieve within the best group.", thread="thread-1"))
    assert last(replies, r.FeedbackReply)
    bank = coach.questions[post.question_id]
    replies = await coach.handle(in_channel("una", bank.model_answer, thread="thread-1", name="Una"))
    assert last(replies, r.FeedbackReply).feedback.score >= 7
