"""A start sent while an interview runs: a start with a word the coach cannot read is named back and
spends no try (QA: `start quantum junior 2` was graded 0.0 and spent the first try); a sentence that
begins with "start" is still an answer."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.start_args import misread_start

from .helpers import current_question, key, last, say


def test_a_short_start_with_an_unknown_word_reads_as_a_start_and_a_sentence_does_not():
    assert misread_start("start quantum junior 2") == ["quantum"]
    assert misread_start("start nlp wizard 99") == ["wizard", "99"]
    assert misread_start("/start quantum") == ["quantum"]
    assert misread_start("new interview quantum") == ["quantum"]
    for answer in ("Start with BM25 because it is fast and needs no training",
                   "start with BM25", "Start small", "new vocabulary", "Start with k1=1.2",
                   "begin by using 3 shards", "start nlp junior 2"):
        assert misread_start(answer) == [], answer


async def test_a_start_with_an_unknown_word_during_an_interview_names_it_and_spends_no_try(coach):
    k = key("quantum")
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    replies = await coach.handle(say("start quantum junior 2", k))
    assert last(replies, r.FeedbackReply) is None
    notice = last(replies, r.Notice)
    assert "already running" in notice.text and "`quantum`" in notice.text
    asked = current_question(replies)
    assert (asked.question_id, asked.stage) == (q.question_id, "main"), "the question is asked again, no try spent"
    status = last(await coach.handle(say("status", k)), r.StatusReply)
    assert status.active and "Question 1 of 2" in status.text
    replies = await coach.handle(say("Start with BM25 because it is fast and matches exact terms.", k))
    assert last(replies, r.FeedbackReply) is not None, "a sentence that begins with start is an answer"
    await coach.handle(say("end", k))
