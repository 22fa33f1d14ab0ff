"""A daily post Slack refuses (the bot was removed from the channel) is shown to admins in `daily`,
with what to do, until a post gets through again. The Slack Web API is the local fake."""
from __future__ import annotations

from bot.adapters.slack.daily import post_due

from .conftest import SlackDriver


async def test_not_in_channel_is_shown_in_daily_status_until_a_post_gets_through(slack: SlackDriver, coach, clock):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    fake.fail_next("chat.postMessage", "not_in_channel")
    assert await post_due(slack.bot.client, coach) == 0
    await slack.slash("UADMIN", "daily", channel="C1")
    status = fake.of("response_url")[-1].args["text"].replace("\u200b", "")
    assert "failed" in status and "`not_in_channel`" in status and "invite it" in status, status
    assert "dropped" in status
    clock.advance(days=1)  # invited again: the next day's post goes out
    assert await post_due(slack.bot.client, coach) == 1
    await slack.slash("UADMIN", "daily", channel="C1")
    assert "not_in_channel" not in fake.of("response_url")[-1].args["text"].replace("\u200b", "")
