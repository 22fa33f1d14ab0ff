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


def edit_of(slack: SlackDriver, payload: dict, text: str) -> dict:
    """The message_changed event Slack sends when `payload`'s message is edited to `text`."""
    was = payload["event"]
    stamp = f"{was['ts'][:-3]}999"
    body = slack.message_payload(was["user"], "", was["channel"], channel_type="channel")
    body["event"] = {"type": "message", "subtype": "message_changed", "hidden": True, "channel": was["channel"],
                     "channel_type": "channel", "ts": stamp, "event_ts": stamp,
                     "message": {**was, "text": text, "edited": {"user": was["user"], "ts": stamp}},
                     "previous_message": was}
    return body


async def test_an_edit_that_starts_with_the_bots_mention_reads_like_a_new_message(slack: SlackDriver, coach):
    thread, answer = await open_daily(slack, coach)
    first = slack.message_payload("UXAV", "no idea", "C1", channel_type="channel", thread_ts=thread)
    await slack.event(first)

    opening = answer.split(". ")[0] + "."
    mark = len(slack.fake.calls)
    await slack.event(edit_of(slack, first, f"<@UBOT> {opening}"))
    private = [c for c in slack.fake.since(mark) if c.method == "chat.postEphemeral"]
    assert any("Score:" in c.all_text for c in private), [c.all_text for c in private]
    assert not any("mentions someone" in c.all_text for c in private)

    # another person mentioned in an edit is looked up and named, as in a new message
    second = slack.message_payload("UYAS", "no idea", "C1", channel_type="channel", thread_ts=thread)
    await slack.event(second)
    mark = len(slack.fake.calls)
    await slack.event(edit_of(slack, second, f"<@U555> {answer}"))
    assert slack.fake.of("users.info", user="U555")
    private = [c for c in slack.fake.since(mark) if c.method == "chat.postEphemeral"]
    assert any("Score:" in c.all_text for c in private) and not any("@someone" in c.all_text for c in private)


async def test_a_grade_slack_will_not_show_as_an_ephemeral_goes_to_the_dm(slack: SlackDriver, coach, caplog):
    thread, answer = await open_daily(slack, coach)
    slack.fake.fail_next("chat.postEphemeral", "user_not_in_channel", "user_not_in_channel")

    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UZED", answer, "C1", channel_type="channel", thread_ts=thread))
    dms = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
    assert dms and all(c.args["channel"] == "DUZED" for c in dms)
    assert dms[0].args["text"].startswith(LEAD) and "Score:" in dms[0].all_text
    assert any("points" in c.all_text for c in dms), "the points are not lost either"
    assert "user_not_in_channel" in caplog.text


async def test_a_daily_cannot_be_set_up_in_a_group_dm(slack: SlackDriver, coach):
    fake = slack.fake
    fake.admins.add("UMAX")
    fake.group_dms.add("G1")
    mark = len(fake.calls)
    _, mention = slack.mention_twins("UMAX", "daily set time=09:00 tz=UTC", channel="G1")
    await slack.event(mention)  # a group DM sends the bot its app_mention only, with no channel_type
    [refused] = [c for c in fake.since(mark) if c.method == "chat.postEphemeral"]
    assert refused.args["channel"] == "G1" and "posted in a channel" in refused.all_text

    await slack.slash("UMAX", "daily set time=09:00 tz=UTC", channel="G9", channel_name="mpdm-max--ann--bob-1")
    assert "posted in a channel" in fake.of("response_url")[-1].args["text"]
    for group_dm in ("G1", "G9"):
        assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", group_dm)) is None
    # QA: `daily off` saved settings there, and `daily add` a team question
    for text in ("daily off", "daily add q1 | What is BM25? | A ranking function over term counts."):
        mark = len(fake.calls)
        await slack.event(slack.mention_twins("UMAX", text, channel="G1")[1])
        [refused] = [c for c in fake.since(mark) if c.method == "chat.postEphemeral"]
        assert "posted in a channel" in refused.all_text, text
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "G1")) is None

    # an app installed without mpim:read: Slack's missing_scope names it, which only a group DM needs
    fake.mpim_read = False
    await slack.event(slack.mention_twins("UMAX", "daily set time=09:00 tz=UTC", channel="G1")[1])
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "G1")) is None

    # a private channel with an old G id is a channel: its daily is set up
    await slack.event(slack.mention_twins("UMAX", "daily set time=09:00 tz=UTC", channel="G2")[1])
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "G2")) is not None


async def test_an_answer_also_sent_to_the_channel_is_graded_with_a_word_that_it_is_public(slack: SlackDriver, coach):
    """QA: an answer posted with "Also send to #channel" was graded privately with no note, though everyone
    could now read it before answering."""
    thread, answer = await open_daily(slack, coach)
    mark = len(slack.fake.calls)
    payload = slack.message_payload("UBRO", answer, "C1", channel_type="channel", thread_ts=thread)
    payload["event"]["subtype"] = "thread_broadcast"
    await slack.event(payload)
    private = [c for c in slack.fake.since(mark) if c.method == "chat.postEphemeral"]
    assert any("Score:" in c.all_text for c in private), "graded as any answer"
    assert "also sent to the channel" in private[-1].all_text and private[-1].args["user"] == "UBRO"
    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UPLAIN", answer, "C1", channel_type="channel", thread_ts=thread))
    assert not any("also sent to the channel" in c.all_text for c in slack.fake.since(mark))
