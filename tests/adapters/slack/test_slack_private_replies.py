"""What a channel sends one person alone: where it goes, and that it says what it is about."""
from __future__ import annotations

from bot.adapters.slack.daily import post_due
from bot.community.refs import ChannelRef

from .conftest import SlackDriver

LEAD = "About your reply to the daily question in <#C1>:"


async def open_daily(slack: SlackDriver, coach) -> tuple[str, str]:
    """A daily posted in C1: its thread, and its model answer."""
    slack.fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    assert await post_due(slack.bot.client, coach) == 1
    thread = slack.fake.of("chat.postMessage", channel="C1")[-1].response["ts"]
    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    return thread, coach.questions[record.question.id].model_answer


async def test_a_daily_grade_sent_by_dm_says_it_is_the_daily_s(slack_dm_feedback: SlackDriver, coach):
    slack = slack_dm_feedback
    thread, answer = await open_daily(slack, coach)
    await slack.dm("UJO", "start llm junior 2")  # an interview running beside the daily

    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UJO", answer, "C1", channel_type="channel", thread_ts=thread))
    dms = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
    assert dms and all(c.args["channel"] == "DUJO" for c in dms), "nothing public in the channel"
    first = dms[0]
    assert first.args["text"].startswith(LEAD + "\n") and "Score:" in first.args["text"]
    assert first.blocks[0]["elements"][0]["text"] == LEAD, "the lead line comes before the grade"
    assert not any(LEAD in c.all_text for c in dms[1:]), "said once, before the first of them"
