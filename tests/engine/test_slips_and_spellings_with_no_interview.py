"""With no interview running, a slip of a command word with words it does not take ("strak quantum") gets
"Did you mean" and that command's usage, as it does in an interview or a daily thread (QA: it got "No
interview running"); `tz` and `time zone` with a zone that is not one get `timezone`'s reply, as README says
they are `timezone` (QA: only the word `timezone` did)."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import usage_for
from bot.engine.context import Context, Intent
from bot.engine.interview import step
from bot.engine.session import NO_INTERVIEW

from .helpers import key, last, say


def _reply(services, text: str, **kw) -> str:
    ctx = Context(questions={q.id: q for q in services.pack.questions}, grading=services.grading,
                  sections=services.pack.sections, **kw)
    return last(step(None, Intent("answer", text=text), ctx).replies, r.Notice).text


def test_a_slipped_command_word_with_words_it_does_not_take_gets_did_you_mean_and_its_usage(services):
    for text, word in (("strak quantum", "streak"), ("grops foo", "groups"), ("staus quantum", "status"),
                       ("histroy foo bar", "history")):
        for channels in (True, False):
            said = _reply(services, text, channels=channels)
            assert said.startswith(f"Did you mean `{word}`?"), (text, said)
            # the terminal serves no streaks: it says so (test_slips_toward_what_the_terminal_lacks)
            assert (f"Say just `{word}`" in said) == (channels or word != "streak"), (text, said)
            assert NO_INTERVIEW not in said, (text, said)
    said = _reply(services, "setings quantum")
    assert said.startswith("Did you mean `settings`?") and "`settings llm senior 5`" in said, said


def test_the_right_command_word_with_words_it_does_not_take_gets_its_usage_too(services):
    said = _reply(services, "streak quantum")
    assert "Did you mean" not in said and "Say just `streak`" in said, said


def test_interview_words_and_answers_with_no_interview_still_say_none_is_running(services):
    for text in ("hnit quantum", "hint quantum", "skp quantum", "streak of luck", "quantum computing rocks"):
        assert _reply(services, text) == NO_INTERVIEW, text


def test_tz_and_time_zone_with_a_zone_that_is_not_one_read_as_timezone(services):
    expected = _reply(services, "timezone UTC+5")
    assert "`timezone Etc/GMT-5`" in expected
    for text in ("tz UTC+5", "time zone UTC+5", "Time-zone UTC+5", "TZ UTC+5", "/tz UTC+5"):
        assert _reply(services, text) == expected, text
        assert usage_for(text) == usage_for("timezone UTC+5"), text
    assert usage_for("tz is hard") == usage_for("timezone is hard") != ""


async def test_the_terminal_says_did_you_mean_for_a_slip_with_no_interview(coach):
    k = key("slips-idle-terminal")
    [notice] = await coach.handle(say("strak quantum", k))
    assert notice.text.startswith("Did you mean `streak`?"), notice.text
    [notice] = await coach.handle(say("tz UTC+5", k))
    assert "`timezone Etc/GMT-5`" in notice.text, notice.text
