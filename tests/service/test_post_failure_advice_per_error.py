"""The advice shown with a failed scheduled post fits the platform's word for the refusal: Discord's
Missing Permissions (50013) and Missing Access (50001) are fixed in the channel's permissions on Discord,
not by Slack's `/invite`. Real Redis; the refusal is recorded as the adapters record it."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.service.test_daily_lifecycle import admin, utc


@pytest.mark.parametrize("error, advice", [
    ("Missing Permissions (50013)", "Send Messages, Embed Links and Create Public Threads"),
    ("Missing Access (50001)", "give the bot access to this channel"),
    ("not_in_channel", "invite it"),
])
async def test_the_advice_with_a_failed_post_fits_its_error(coach, clock, error, advice):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC")
    [post] = await coach.community.outgoing("slack")
    await coach.community.unsent(replace(post, error=error), permanent=True)
    status = await admin(coach, "daily")
    assert error in status and advice in status, status
    if error != "not_in_channel":
        assert "/invite" not in status, status
