"""With no interview running, a command gone wrong gets its own usage: `settings 11` is told how to say
settings (not start's topics and example), and `daily <anything>` where there is no channel is told so."""
from __future__ import annotations

from bot.engine import replies as r

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
