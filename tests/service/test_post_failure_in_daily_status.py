"""A scheduled post the platform refused is kept for `daily` to show, until a post gets through."""
from __future__ import annotations

from bot.engine import replies as r
from tests.service.test_daily_lifecycle import admin, utc


async def test_a_failed_scheduled_post_is_shown_in_daily_status_until_the_next_one_is_sent(coach, clock):
    from dataclasses import replace

    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC")
    [post] = await coach.community.outgoing("slack")
    await coach.community.unsent(replace(post, error="not_in_channel"), permanent=True)
    status = await admin(coach, "daily")
    assert "not_in_channel" in status and "invite" in status.lower(), status
    clock.advance(days=1)
    [post] = [p for p in await coach.community.outgoing("slack") if isinstance(p.reply, r.DailyQuestionReply)]
    await coach.community.sent(post)
    assert "not_in_channel" not in await admin(coach, "daily")
