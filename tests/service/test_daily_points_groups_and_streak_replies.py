"""What the coach says about points of a retry, joining a study group, and the time zone streaks count in."""
from __future__ import annotations

from bot.community.community import AnswerResult
from bot.community.points import Points, points_for
from bot.community.streaks import StreakInfo
from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.service import daily_commands

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily


def answered(previous: float | None, total: int, added: int, bonus: int = 0) -> AnswerResult:
    return AnswerResult(9.0, previous, Points(total - bonus, bonus), added, StreakInfo(current=3))


def test_a_better_retry_says_what_it_added_and_what_the_daily_is_worth_in_all():
    points_said = daily_commands.points_said
    assert points_said(answered(None, 7, 7)) == "7 points."
    assert points_said(answered(None, 8, 8, bonus=1)) == "8 points (+1 streak bonus)."
    assert points_said(answered(7.0, 9, 2)) == "It beats your 7.0, so it counts now: +2 points (9 in all for this daily)."
    assert points_said(answered(7.0, 10, 3, bonus=1)) == ("It beats your 7.0, so it counts now: +3 points "
                                                          "(10 in all for this daily, including a +1 streak bonus).")
    assert points_said(answered(1.0, 0, 0)) == "It beats your 1.0, so it counts now, for the same points (0 in all for this daily)."


async def test_a_retry_in_the_thread_says_its_points_were_added_to_the_first_tries(coach, clock):
    post = await post_daily(coach, clock)
    await coach.handle(in_channel("fay", "I don't know", thread="thread-1", name="Fay"))
    replies = await coach.handle(in_channel("fay", coach.questions[post.question_id].model_answer, thread="thread-1"))
    score = last(replies, r.FeedbackReply).feedback.score
    points = points_for(score, streak=1).total
    assert f"so it counts now: +{points} points ({points} in all for this daily)." in last(replies, r.Notice).text


async def test_joining_a_group_says_its_boards_count_your_points_from_now_on(coach, clock):
    post = await post_daily(coach, clock)
    await coach.handle(in_channel("ada", "group create nlp-club"))
    await coach.handle(in_channel("dee", coach.questions[post.question_id].model_answer, thread="thread-1",
                                  name="Dee"))
    [joined] = await coach.handle(in_channel("dee", "group join nlp-club"))
    assert joined.text.startswith("Joined the group nlp-club.") and "from now on" in joined.text
    [created] = await coach.handle(in_channel("eve", "group create evals-club"))
    assert "from when they join" in created.text
    [left] = await coach.handle(in_channel("dee", "group leave nlp-club"))
    assert "off its boards" in left.text


def slash_timezone(who: str, name: str) -> Event:
    """`/timezone name:...` as the Discord bot hands it in: the command with its text as typed."""
    return Event(ConversationKey(UserRef("slack", "T1", who), "C-general"), EventKind.command, name="timezone",
                 text=name)


async def test_a_time_zone_not_understood_says_so_and_what_to_type(coach):
    [mars] = await coach.handle(slash_timezone("una", "Mars/Olympus"))
    assert mars.tone == "warning" and "`Mars/Olympus` is not a time zone I know" in mars.text
    [offset] = await coach.handle(slash_timezone("una", "UTC+5"))
    assert "`timezone Etc/GMT-5`" in offset.text and "inverts the sign" in offset.text
    assert "`timezone Asia/Karachi`" in offset.text
    [pst] = await coach.handle(slash_timezone("una", "PST"))
    assert "`timezone America/Los_Angeles`" in pst.text
    [kept] = await coach.handle(in_channel("una", "timezone"))
    assert "UTC" in kept.text


async def test_a_fixed_offset_abbreviation_is_taken_with_the_city_zone_that_keeps_daylight_saving(coach):
    [est] = await coach.handle(in_channel("vic", "timezone EST"))
    assert est.text.startswith("Your streaks now count days in EST.")
    assert "without daylight saving" in est.text and "`timezone America/New_York`" in est.text
    [ny] = await coach.handle(in_channel("vic", "timezone America/New_York"))
    assert ny.text == "Your streaks now count days in America/New_York."
