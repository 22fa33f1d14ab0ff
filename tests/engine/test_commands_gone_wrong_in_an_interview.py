"""Commands said another way or typed wrong during an interview spend no try (QA: `start over`, `restart`,
`timezone UTC+5`, `timezone PST` were graded 0.0 as answers; `start over` spent the last try and closed the
question). `tz` and `time zone` are `timezone`."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import misread_timezone, parse_command

from .helpers import current_question, key, last, say


def test_restarts_are_starts_and_tz_is_timezone():
    for text in ("start over", "Restart!", "start again", "new interview", "start from scratch"):
        assert parse_command(text) is not None and parse_command(text).name == "start", text
    assert parse_command("Start with BM25") is None
    assert parse_command("tz Europe/Paris").rest == "Europe/Paris"
    assert parse_command("time zone Asia/Tokyo").name == "timezone"
    assert parse_command("Time zones are hard to handle in logs") is None


def test_a_zone_typed_wrong_is_a_command_gone_wrong_and_words_are_an_answer():
    for text in ("timezone UTC+5", "timezone Mars/Olympus", "timezone PST", "tz GMT-3"):
        assert "time zone I know" in misread_timezone(text), text
    for text in ("Timezone drift", "timezone handling breaks daily jobs", "timezone"):
        assert misread_timezone(text) == "", text


async def test_during_an_interview_a_restart_or_a_wrong_zone_spends_no_try(coach):
    k = key("restart")
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    for text in ("start over", "timezone UTC+5", "timezone PST"):
        replies = await coach.handle(say(text, k))
        assert last(replies, r.FeedbackReply) is None, text
        asked = current_question(replies) or current_question(await coach.handle(say("repeat", k)))
        assert (asked.question_id, asked.stage) == (q.question_id, "main"), text
    status = last(await coach.handle(say("status", k)), r.StatusReply)
    assert status.active and "Question 1 of 2" in status.text
    replies = await coach.handle(say("Timezone drift", k))
    assert last(replies, r.FeedbackReply) is not None, "words are an answer"
    await coach.handle(say("end", k))
