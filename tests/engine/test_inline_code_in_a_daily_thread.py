"""In a daily question's thread, an answer that is one inline code span is code alone, as a fenced block
is: the code note, privately; no grade, no streak, and the real answer after it is the first try."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.events import UserRef

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily


async def test_one_inline_code_span_in_a_daily_thread_is_not_counted(coach, clock):
    post = await post_daily(coach, clock)
    replies = await coach.handle(in_channel("ines", "`retriever.search(query, k=5)`", thread="thread-1", name="Ines"))
    assert last(replies, r.FeedbackReply) is None, replies
    [notice] = replies
    assert notice.private and "add a sentence or two on what your code does" in notice.text, notice
    assert (await coach.community.community.streak(UserRef("slack", "T1", "ines"), clock.now())).current == 0
    replies = await coach.handle(in_channel("ines", coach.questions[post.question_id].model_answer, thread="thread-1",
                                            name="Ines"))
    assert last(replies, r.FeedbackReply).feedback.score >= 7
    assert "retry" not in " ".join(x.text for x in replies if isinstance(x, r.Notice)), "her first answer"
