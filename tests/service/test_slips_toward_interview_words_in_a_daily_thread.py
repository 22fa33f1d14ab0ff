"""In a daily question's thread, "hnit" was asked "Did you mean `hint`? Say `hint` if so.", though `hint` there
only says that interviews run in the DM: a slip toward an interview word says that at once, as "strak" in the
terminal says the terminal has no streaks. A slip toward what works in the thread ("strak") is still offered."""
from __future__ import annotations

from tests.service.test_daily_and_boards import in_channel, post_daily


async def test_a_slip_toward_an_interview_word_in_a_daily_thread_points_to_the_dm(coach, clock):
    await post_daily(coach, clock)
    for text, word in (("hnit", "hint"), ("skp", "skip"), ("histroy", "history"), ("stauts", "status")):
        [notice] = await coach.handle(in_channel("una", text, thread="thread-1"))
        assert notice.private and notice.text.startswith(f"Did you mean `{word}`?"), (text, notice.text)
        assert f"Say `{word}` if so" not in notice.text and "direct message" in notice.text, (text, notice.text)
    [notice] = await coach.handle(in_channel("una", "strak", thread="thread-1"))
    assert notice.text == "Did you mean `streak`? Say `streak` if so.", notice.text
