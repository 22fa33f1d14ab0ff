"""`daily` with any words in the terminal says it has no channel, as a bare `daily` does
(QA: `daily set foo` spoke of "this channel")."""
from bot.engine import replies as r
from bot.service.daily_commands import DAILY_NOT_IN_TERMINAL

from .helpers import key, last, say


async def test_daily_with_any_words_in_the_terminal_says_it_has_no_channel(coach):
    k = key("daily-terminal")  # platform "console"
    assert last(await coach.handle(say("daily", k)), r.Notice).text == DAILY_NOT_IN_TERMINAL
    for text in ("daily set foo", "daily foo", "daily remove"):
        assert last(await coach.handle(say(text, k)), r.Notice).text == DAILY_NOT_IN_TERMINAL, text
