"""With no interview running, a command gone wrong gets its own usage: `settings 11` is told how to say
settings (not start's topics and example), and `daily <anything>` where there is no channel is told so,
as a bare `daily` is."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import usage_for
from bot.engine.context import Context, Intent
from bot.engine.interview import step
from bot.service.daily_commands import DAILY_NOT_IN_TERMINAL

from .helpers import key, last, say


async def test_settings_with_a_word_it_cannot_read_gets_the_usage_of_settings(coach):
    k = key("settings-usage")
    for text in ("settings 11", "settings wizard", "/settings llm 99"):
        notice = last(await coach.handle(say(text, k)), r.Notice)
        assert "`settings llm senior 5`" in notice.text, (text, notice.text)
        assert "start llm senior 5" not in notice.text and "topics:" not in notice.text, notice.text


async def test_start_with_a_word_it_cannot_read_still_gets_the_usage_of_start(coach):
    notice = last(await coach.handle(say("start llm 99", key("start-usage"))), r.Notice)
    assert "`start llm senior 5`" in notice.text and "topics:" in notice.text, notice.text


def _no_interview(services, **kw) -> Context:
    return Context(questions={q.id: q for q in services.pack.questions}, grading=services.grading,
                   sections=services.pack.sections, **kw)


def test_daily_with_any_words_where_there_is_no_channel_says_there_is_none(services):
    ctx = _no_interview(services, channels=False)  # the terminal
    for text in ("daily set foo", "daily foo", "daily add nopipe", "daily remove"):
        notice = last(step(None, Intent("answer", text=text), ctx).replies, r.Notice)
        assert notice.text == DAILY_NOT_IN_TERMINAL, (text, notice.text)


def test_daily_with_words_it_cannot_read_in_slack_or_discord_still_gets_its_usage(services):
    ctx = _no_interview(services)
    notice = last(step(None, Intent("answer", text="daily set foo"), ctx).replies, r.Notice)
    assert notice.text == usage_for("daily set foo") and "`daily set ...`" in notice.text
