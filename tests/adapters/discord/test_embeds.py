"""Replies as Discord embeds, without a bot: the pure translator."""
from __future__ import annotations

from bot.adapters.discord.embeds import to_outgoing
from bot.engine import replies as r
from bot.grading.feedback import Dimensions, Feedback


def _title(reply: r.Reply) -> str:
    return to_outgoing(reply)[0].embeds[0].title


def test_a_follow_up_and_a_second_try_are_counted_apart_from_the_questions():
    follow = r.QuestionReply("q-7", "And at scale?", 1, 3, "retrieval", "mid", stage="followup", followup=2)
    retry = r.QuestionReply("q-7", "Why BM25?", 3, 3, "retrieval", "mid", stage="retry")
    assert _title(follow) == "Question 1 of 3 · follow-up 2 · retrieval · mid"
    assert _title(retry) == "Question 3 of 3 · second try · retrieval · mid"
    fb = Feedback(score=7.5, points=[], misconceptions=[], notes=[], dimensions=Dimensions(7, 7, 7), next_step="",
                  grader="offline", rubric_source="bank", question_id="q-7", question="And at scale?")
    assert _title(r.FeedbackReply(fb, 1, 3, stage="followup", followup=2)) == "Feedback · Question 1 of 3 · follow-up 2"
