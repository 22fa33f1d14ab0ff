"""In the terminal, a slip toward a command the terminal does not serve ("strak quantum": streaks come from a
channel's daily) says so, instead of "Say just `streak`", which would then say the terminal has no streaks."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.interview import step

from .helpers import current_question, key, last, say

NONE_HERE = "the terminal has no channel"


def _reply(services, text: str, channels: bool) -> str:
    ctx = Context(questions={q.id: q for q in services.pack.questions}, grading=services.grading,
                  sections=services.pack.sections, channels=channels)
    return last(step(None, Intent("answer", text=text), ctx).replies, r.Notice).text


def test_a_slip_toward_streak_or_leaderboard_in_the_terminal_says_the_terminal_has_none(services):
    for text in ("strak quantum", "streak quantum", "leaderboard quantum"):
        said = _reply(services, text, channels=False)
        assert NONE_HERE in said and "Say just" not in said and "Use `leaderboard" not in said, (text, said)
        assert said.startswith("Did you mean `streak`?") == text.startswith("strak"), said


def test_where_there_are_channels_the_slip_still_gets_the_command_to_say(services):
    assert "Say just `streak`" in _reply(services, "strak quantum", channels=True)
    assert "Use `leaderboard week" in _reply(services, "leaderboard quantum", channels=True)


async def test_the_terminal_says_it_during_an_interview_too(coach):
    k = key("slip-to-streak-in-an-interview")
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    replies = await coach.handle(say("strak quantum", k))
    notice = last(replies, r.Notice)
    assert notice.text.startswith("Did you mean `streak`?") and NONE_HERE in notice.text, notice.text
    assert "Say just" not in notice.text, notice.text
    assert current_question(replies).question_id == q.question_id  # the question again, no try spent


async def test_a_slack_dm_still_gets_say_just_streak(coach):
    replies = await coach.handle(say("strak quantum", key("slip-in-slack", platform="slack", channel="D1")))
    assert "Say just `streak`" in last(replies, r.Notice).text


async def test_a_bare_slip_toward_streak_or_leaderboard_in_the_terminal_says_the_terminal_has_none(coach):
    for text, meant in (("strak", "streak"), ("leaderbord", "leaderboard"), ("leaderbord all", "leaderboard all")):
        [notice] = await coach.handle(say(text, key(f"bare-slip-{text}")))
        assert notice.text.startswith(f"Did you mean `{meant}`?") and NONE_HERE in notice.text, notice.text
        assert f"Say `{meant}` if so" not in notice.text, notice.text


async def test_a_bare_slip_during_an_interview_says_it_too_and_sent_again_is_graded(coach):
    k = key("bare-slip-in-an-interview")
    await coach.handle(say("start llm junior 2", k))
    [notice] = await coach.handle(say("strak", k))
    assert notice.text.startswith("Did you mean `streak`?") and NONE_HERE in notice.text, notice.text
    assert "Say `streak` if so" not in notice.text and "no try was spent" in notice.text, notice.text
    assert last(await coach.handle(say("strak", k)), r.FeedbackReply) is not None, "the same word again: an answer"


async def test_a_slack_dm_still_asks_about_a_bare_slip(coach):
    [notice] = await coach.handle(say("strak", key("bare-slip-in-slack", platform="slack", channel="D2")))
    assert notice.text == "Did you mean `streak`? Say `streak` if so.", notice.text
