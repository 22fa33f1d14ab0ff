"""`streak` says what a freeze is: it bridges one missed daily a week, spent by itself, adding no day."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.engine import replies as r
from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel

FREEZE_MEANS = "A freeze keeps your streak going over one daily you miss in a week (Monday to Sunday)"


async def _streak(coach, who: str) -> str:
    return last(await coach.handle(in_channel(who, "streak")), r.Notice).text


async def test_streak_explains_a_freeze_left_and_a_freeze_used(coach, clock):
    clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc))  # a Monday
    await coach.handle(in_channel("boss", "daily set time=09:00 tz=UTC days=mon-fri", admin=True))
    for day in (16, 17, 18, 19):  # Wednesday the 18th's daily goes unanswered
        clock.set(datetime(2026, 11, day, 9, 1, tzinfo=timezone.utc))
        for channel, post in await coach.community.due():
            if isinstance(post, r.DailyQuestionReply):
                await coach.deps.community.attach_thread(channel, post.date, f"thread-{post.date}")
                if day != 18:
                    answer = coach.questions[post.question_id].model_answer
                    await coach.handle(in_channel("ux-fay", answer, thread=f"thread-{post.date}"))
        if day == 17:
            left = await _streak(coach, "ux-fay")
            assert left.startswith("Streak: 2 days (best 2); a freeze is left this week.") and FREEZE_MEANS in left
    used = await _streak(coach, "ux-fay")
    assert used.startswith("Streak: 3 days (best 3); this week's freeze is used"), used
    assert "another miss this week ends a streak" in used and FREEZE_MEANS in used
