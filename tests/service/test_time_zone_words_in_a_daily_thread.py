"""In a daily question's thread a short answer that starts with "tz" or "time zone" is an answer (QA: "time zone
handling" was told how to set a time zone, and the answer was lost). Only what really looks like the command
there, the word and a zone-like argument ("tz UTC+5", "time zone Mars/Olympus"), is a command gone wrong, as in
a DM interview (commands.misread_timezone); the bare word is the command itself."""
from __future__ import annotations

from bot.engine import replies as r

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily
from tests.service.test_misread_commands_in_a_daily_thread import HOW_TO_ANSWER


async def test_a_short_answer_that_starts_with_a_time_zone_word_is_graded(coach, clock):
    await post_daily(coach, clock)
    for who, text in (("ana", "time zone handling"), ("bo", "tz conversion matters"), ("cy", "Timezone is hard"),
                      ("di", "Time-zone offsets"), ("ed", "time zone handling is why we store UTC")):
        replies = await coach.handle(in_channel(who, text, thread="thread-1"))
        assert last(replies, r.FeedbackReply) is not None, f"{text}: an answer, graded; got {replies}"


async def test_a_time_zone_word_with_a_zone_like_argument_is_a_command_gone_wrong(coach, clock):
    await post_daily(coach, clock)
    for text in ("tz UTC+5", "time zone Mars/Olympus", "timezone PST"):
        [notice] = await coach.handle(in_channel("ed", text, thread="thread-1"))
        assert notice.private and "is not a time zone I know" in notice.text and HOW_TO_ANSWER in notice.text, \
            (text, notice.text)
    [shown] = await coach.handle(in_channel("ed", "tz", thread="thread-1"))
    assert not isinstance(shown, r.FeedbackReply) and shown.private and "zone" in shown.text.lower(), shown
