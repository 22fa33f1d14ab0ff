"""The first word of a message as command words are read: one reading for `start`/`settings` and usages."""
from __future__ import annotations

from bot.engine.commands import DAILY_WITHOUT_A_CHANNEL, usage_where
from bot.engine.first_word import first_word
from bot.engine.start_args import start_or_settings


def test_the_first_word_is_read_lower_case_without_a_slash_or_bang():
    assert [first_word(t) for t in ("/Start rag", "!SETTINGS llm", "  daily set x", "", "   ")] == \
        ["start", "settings", "daily", "", ""]


def test_start_or_settings_and_usage_where_read_it_alike():
    assert start_or_settings("!Settings llm senior") == "settings"
    assert start_or_settings("/start llm") == start_or_settings("") == "start"
    assert usage_where("/Daily add nopipe", channels=False) == DAILY_WITHOUT_A_CHANNEL
    assert usage_where("", channels=False) == ""
