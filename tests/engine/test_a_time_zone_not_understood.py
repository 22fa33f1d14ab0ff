"""`timezone Mars/Olympus` in a DM said only how to use the command, not that the zone was not understood
(QA). It now names the zone back and says what to type: a region and a city, or for a UTC offset its
Etc/GMT name, whose sign the tz database inverts. EST is a zone: taken, with a note on daylight saving."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import usage_for

from .helpers import key, say


def test_a_zone_that_is_not_one_is_named_back_with_what_to_type():
    mars = usage_for("timezone Mars/Olympus")
    assert "`Mars/Olympus` is not a time zone I know" in mars and "`timezone Asia/Kolkata`" in mars
    offset = usage_for("timezone UTC+5")
    assert "`UTC+5`" in offset and "`timezone Etc/GMT-5`" in offset
    assert "inverts the sign: Etc/GMT-5 is UTC+5" in offset and "city" in offset
    assert "`timezone Etc/GMT+3`" in usage_for("timezone GMT -3")
    assert "Etc/GMT" not in usage_for("timezone UTC+5:30"), "no Etc zone has a half hour: a city instead"
    assert "@everyone" not in usage_for("timezone @everyone")
    assert usage_for("timezone is hard").startswith("Use `timezone Europe/Berlin`"), "words, not a zone"
    assert "`timezone America/Los_Angeles`" in usage_for("timezone PST"), "the DM names the city too"


async def test_a_zone_not_understood_in_a_dm_says_so_and_est_is_taken_with_a_note(coach):
    k = key("zones")
    for typed, expected in (("timezone Mars/Olympus", "`timezone Asia/Kolkata`"),
                            ("timezone UTC+5", "`timezone Etc/GMT-5`")):
        [notice] = await coach.handle(say(typed, k))
        assert isinstance(notice, r.Notice) and "is not a time zone I know" in notice.text, typed
        assert expected in notice.text, typed
    [est] = await coach.handle(say("timezone EST", k))
    assert "now count days in EST" in est.text
    assert "without daylight saving" in est.text and "`timezone America/New_York`" in est.text
