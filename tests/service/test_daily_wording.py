"""Wording the team-week QA found: an edit after the daily closed, `daily on`, the most-improved board."""
from __future__ import annotations

from bot.engine import replies as r
from tests.engine.helpers import last
from tests.service.test_daily_lifecycle import admin, loop_round, said_by, utc
from tests.service.test_team_week_findings import GOOD, two_question_daily


async def test_an_edit_after_the_daily_closed_does_not_first_say_it_was_graded_as_a_new_try(coach, clock):
    thread = await two_question_daily(coach, clock)
    clock.advance(days=1)
    await loop_round(coach)
    event = said_by("ana", GOOD, thread=thread)
    text = last(await coach.community.thread_answer(event, edited=True), r.Notice).text
    assert not text.startswith("I graded your edited answer as a new try"), text
    assert "closed" in text


async def test_daily_on_says_it_is_on(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, "daily set time=09:00 tz=UTC")
    await admin(coach, "daily off")
    on = await admin(coach, "daily on")
    assert on.startswith("Daily question is on"), on


def test_the_most_improved_board_shows_every_rise_to_one_decimal():
    from bot.service.community_base import board_cell, board_value

    assert [board_cell(v, "improved") for v in (8.63, 5.0, 0.5)] == ["8.6", "5.0", "0.5"]
    assert board_value(5.0, "improved") == "a rise of 5.0"
    assert [board_cell(v, "week") for v in (12.0, 1.0)] == ["12", "1"]
