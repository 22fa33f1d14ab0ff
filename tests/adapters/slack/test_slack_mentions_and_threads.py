"""Mentions, threads and failures: where each reply shows up, and that none is lost on the way."""
from __future__ import annotations

import json

from bot.adapters.slack.daily import post_due
from bot.community.refs import ChannelRef
from bot.service.coach import STORE_DOWN

from .conftest import BOT_USER, SlackDriver
from .fake_slack import DISCONNECT
from .test_slack_channels import PING, start_interview


async def open_daily(slack: SlackDriver, coach, channel: str = "C1") -> str:
    """A daily question posted in `channel`; returns its ts, the thread answers go in."""
    slack.fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel=channel)
    assert await post_due(slack.bot.client, coach) == 1
    return slack.fake.of("chat.postMessage", channel=channel)[-1].response["ts"]


def private_to(calls, user: str) -> list:
    return [c for c in calls if c.method == "chat.postEphemeral" and c.args["user"] == user]


async def send_twins(slack: SlackDriver, twins, reverse: bool = False) -> None:
    for payload in reversed(twins) if reverse else twins:
        await slack.event(payload)


async def test_a_private_reply_to_a_top_level_mention_is_not_put_in_a_thread_that_does_not_exist(slack, coach):
    fake = slack.fake
    mark = len(fake.calls)
    message, mention = slack.mention_twins("UMIA", "daily")
    await send_twins(slack, (message, mention))
    [private] = private_to(fake.since(mark), "UMIA")
    assert "thread_ts" not in private.args, "Slack would hide it in a thread nobody started"

    mark = len(fake.calls)
    message, mention = slack.mention_twins("UMIA", "leaderboard")
    await send_twins(slack, (message, mention))
    [board] = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    assert board.args["channel"] == "C1" and board.args["thread_ts"] == mention["event"]["ts"], \
        "a public reply may hang under the mention"

    mark = len(fake.calls)
    await send_twins(slack, slack.mention_twins("UMIA", "daily", thread_ts="1763000000.000001"))
    [private] = private_to(fake.since(mark), "UMIA")
    assert private.args["thread_ts"] == "1763000000.000001", "in a thread, the reply stays in it"


async def test_a_dm_that_starts_with_the_bots_mention_is_read_as_the_command(slack, coach):
    await start_interview(slack, "UNED")
    mark = len(slack.fake.calls)
    await slack.dm("UNED", f"<@{BOT_USER}> hint")
    posted = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
    assert any("Hint" in c.all_text for c in posted)
    assert not any("Score" in c.all_text for c in posted), "a command, not an answer that spends a try"


async def test_mention_twins_in_a_daily_thread_mean_the_same_and_are_handled_once(slack, coach):
    fake = slack.fake
    daily_ts = await open_daily(slack, coach)
    for reverse in (False, True):  # Slack sends them in either order
        mark = len(fake.calls)
        await send_twins(slack, slack.mention_twins("UOLA", "streak", thread_ts=daily_ts), reverse)
        replies = private_to(fake.since(mark), "UOLA")
        assert len(replies) == 1 and "Streak" in replies[0].all_text, [c.all_text for c in replies]
        assert not [c for c in fake.since(mark) if c.method == "chat.postMessage"]

    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    mark = len(fake.calls)
    await send_twins(slack, slack.mention_twins("UOLA", coach.questions[record.question.id].model_answer,
                                                thread_ts=daily_ts))
    graded = [c for c in private_to(fake.since(mark), "UOLA") if "*Score:" in c.all_text]
    assert len(graded) == 1, "one answer, graded once"


async def test_an_answer_by_mention_in_a_daily_thread_counts_under_the_persons_name(slack, coach, clock):
    daily_ts = await open_daily(slack, coach)
    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    _, mention = slack.mention_twins("UPIA", coach.questions[record.question.id].model_answer, thread_ts=daily_ts)
    await slack.event(mention)
    clock.advance(days=1)
    await post_due(slack.bot.client, coach)
    recap = next(c for c in slack.fake.of("chat.postMessage", channel="C1") if c.args.get("thread_ts") == daily_ts)
    assert "Upia" in recap.all_text and "UPIA" not in recap.all_text, recap.all_text
    assert not PING.search(recap.all_text)


async def test_a_store_outage_while_reading_a_thread_reply_is_told_not_swallowed(slack_own_redis, own_redis,
                                                                                   own_runtime):
    slack = slack_own_redis
    slack.fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=00:00 tz=UTC days=daily", channel="C1")
    assert await post_due(slack.bot.client, own_runtime.coach) == 1
    daily_ts = slack.fake.of("chat.postMessage", channel="C1")[-1].response["ts"]
    await slack.event(slack.message_payload("UQUIN", "BM25 ranks by term frequency and rarity.", "C1",
                                            channel_type="channel", thread_ts=daily_ts))
    own_redis.stop()
    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UQUIN", "BM25 still wins on exact terms", "C1", channel_type="channel",
                                            thread_ts=daily_ts))
    [told] = private_to(slack.fake.since(mark), "UQUIN")
    assert STORE_DOWN in told.all_text and told.args["thread_ts"] == daily_ts
    # people talking in some other thread never spoke to the bot: an outage is not theirs to hear about
    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UPAT", "lunch at 12?", "C1", channel_type="channel",
                                            thread_ts="1763000000.000009"))
    assert not slack.fake.since(mark)


async def test_a_workspace_admin_can_set_the_daily_by_mention(slack, coach):
    fake = slack.fake
    fake.admins.add("UADA")
    mark = len(fake.calls)
    await send_twins(slack, slack.mention_twins("UBEN", "daily set time=09:00 tz=UTC"))
    [refused] = private_to(fake.since(mark), "UBEN")
    assert "admin" in refused.all_text.lower()
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "C1")) is None

    mark = len(fake.calls)
    await send_twins(slack, slack.mention_twins("UADA", "daily set time=09:00 tz=UTC"))
    [done] = private_to(fake.since(mark), "UADA")
    assert "09:00" in done.all_text and "admin" not in done.all_text.lower()
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "C1")) is not None


async def test_an_interview_moved_to_the_dm_starts_there_even_if_the_pointer_is_refused(slack, coach):
    fake = slack.fake
    fake.fail_next("chat.postEphemeral", "user_not_in_channel")
    await send_twins(slack, slack.mention_twins("URAY", "start llm junior 3"))
    assert "Question 1 of 3" in fake.of("chat.postMessage", channel="DURAY")[-1].all_text
    [pointer] = fake.of("chat.postEphemeral", channel="C1")
    assert pointer.response["error"] == "user_not_in_channel" and "thread_ts" not in pointer.args


async def test_a_dropped_connection_loses_one_reply_not_the_ones_after_it(slack, coach):
    fake = slack.fake
    qid = await start_interview(slack, "USAM")
    fake.fail_next("chat.postMessage", DISCONNECT, DISCONNECT, DISCONNECT)  # outlasts the client's two retries
    mark = len(fake.calls)
    await slack.dm("USAM", coach.questions[qid].model_answer)
    posts = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    assert [c.response.get("error") for c in posts[:3]] == [DISCONNECT] * 3
    delivered = [c for c in posts if c.response.get("ok")]
    assert delivered and any(b["type"] == "actions" for b in delivered[-1].blocks), \
        "the next question still arrives"


async def test_a_reply_in_a_dm_thread_is_answered_in_that_thread(slack, coach):
    fake = slack.fake
    qid = await start_interview(slack, "UTOM")
    question_ts = fake.of("chat.postMessage", channel="DUTOM")[-1].response["ts"]
    mark = len(fake.calls)
    await slack.event(slack.message_payload("UTOM", "repeat", "DUTOM", thread_ts=question_ts))
    [repeated] = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    assert repeated.args["thread_ts"] == question_ts and "Question 1 of 3" in repeated.all_text

    mark = len(fake.calls)
    await slack.press("UTOM", "hint", qid, "DUTOM", thread_ts=question_ts)
    [hint] = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    assert hint.args["thread_ts"] == question_ts and "Hint" in hint.all_text

    mark = len(fake.calls)
    await slack.dm("UTOM", "status")
    assert all("thread_ts" not in c.args for c in fake.since(mark) if c.method == "chat.postMessage"), \
        "a message in the main DM view is answered there"


async def test_daily_set_in_a_channel_without_the_bot_says_to_invite_it(slack, coach):
    fake = slack.fake
    fake.admins.add("UADMIN")
    fake.outside.add("C9")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC", channel="C9")
    notes = [c.args["text"] for c in fake.of("response_url")]
    assert any("09:00" in n for n in notes)
    assert notes[-1] == f"I'm not in this channel yet: invite me with /invite <@{BOT_USER}> or the daily can't be posted."

    mark = len(fake.calls)
    await slack.slash("UADMIN", "daily set time=10:00 tz=UTC", channel="C1")
    await slack.slash("UBOB", "daily on", channel="C9")  # refused: nothing to invite the bot for
    await slack.slash("UADMIN", "daily set time=25:99", channel="C9")  # refused too: nothing was saved
    assert not [c for c in fake.since(mark) if "invite" in c.all_text]


async def test_a_daily_cannot_be_set_up_in_a_dm(slack, coach):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC", channel="DUADMIN")
    await slack.dm("UADMIN", "daily on")
    said = [c.all_text for c in fake.calls if c.method in ("response_url", "chat.postMessage")]
    assert sum("posted in a channel" in t for t in said) == 2
    assert await coach.deps.community.show_settings(ChannelRef("slack", "T1", "DUADMIN")) is None


async def test_a_top_level_mention_that_is_no_command_gets_a_private_pointer(slack, coach):
    fake = slack.fake
    mark = len(fake.calls)
    await send_twins(slack, slack.mention_twins("UMIA", "what is a KV cache?"))
    new = fake.since(mark)
    [pointer] = private_to(new, "UMIA")
    assert "daily" in pointer.all_text and "DM me `start`" in pointer.all_text
    assert not [c for c in new if c.method == "chat.postMessage"], "nothing public"


def test_the_manifest_asks_for_the_scopes_the_membership_check_needs():
    import yaml
    from pathlib import Path

    manifest = yaml.safe_load((Path(__file__).parents[3] / "deploy" / "slack" / "manifest.yml").read_text())
    assert {"channels:read", "groups:read"} <= set(manifest["oauth_config"]["scopes"]["bot"])


async def test_a_top_level_mention_with_a_command_gone_wrong_gets_its_usage_privately(slack, coach):
    fake = slack.fake
    for words, usage in [("start llm juniorr 3", "I couldn't read `juniorr` there"),
                         ("daily sett time=09:00", "admins set it up with `daily set ...`"),
                         ("leaderboard weeek", "Did you mean `leaderboard week`?"),  # a board slipped
                         ("strat llm", "Did you mean `start llm`?")]:
        mark = len(fake.calls)
        await send_twins(slack, slack.mention_twins("UPAM", words))
        new = fake.since(mark)
        [reply] = private_to(new, "UPAM")
        assert usage in reply.all_text, (words, reply.all_text)
        assert not [c for c in new if c.method == "chat.postMessage"], "nothing public, no DM"


async def test_a_redelivered_top_level_mention_gets_one_pointer(slack, coach):
    """Slack sends an event again when the ack was late (X-Slack-Retry-Num), sometimes under a new event id:
    the same message (its ts) gets its pointer or its usage once, as every other message is handled once."""
    fake = slack.fake
    for words, said in [("what is a KV cache?", "DM me `start`"), ("strak quantum", "streak")]:
        _, mention = slack.mention_twins("UREX", words)
        mark = len(fake.calls)
        await slack.event(mention)
        await slack.event(mention, retry=1)
        again = json.loads(json.dumps(mention))
        again["event_id"] += "x"  # the same message, delivered under another event id
        await slack.event(again, retry=2)
        pointers = private_to(fake.since(mark), "UREX")
        assert len(pointers) == 1 and said in pointers[0].all_text, (words, [c.all_text for c in pointers])
