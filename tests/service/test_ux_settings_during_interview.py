"""`settings` saved during an interview says the running interview is unchanged: defaults are for the next `start`."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render
from tests.engine.helpers import current_question, key, say

UNCHANGED = "The interview in progress keeps its track, level and length"


async def test_saving_settings_mid_interview_says_the_interview_keeps_its_own(coach):
    k = key("ux-settings-running")
    first = current_question(await coach.handle(say("start nlp mid 3", k)))
    [saved] = await coach.handle(say("settings ai junior 4", k))
    assert isinstance(saved, r.TableReply) and saved.title.startswith("Saved."), saved
    shown = render(saved)
    assert UNCHANGED in shown and "next `start`" in shown, shown
    again = current_question(await coach.handle(say("repeat", k)))
    assert (again.question_id, again.total, again.level) == (first.question_id, 3, first.level)


async def test_settings_with_no_interview_running_say_nothing_of_one(coach):
    k = key("ux-settings-idle")
    [saved] = await coach.handle(say("settings ai junior 4", k))
    assert UNCHANGED not in render(saved)
    [shown] = await coach.handle(say("settings", k))  # looking, not saving
    assert UNCHANGED not in render(shown)
