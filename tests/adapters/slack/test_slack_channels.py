"""The daily question in a channel, redeliveries, signatures, hostile and huge input."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from bot.adapters.slack.daily import post_due
from bot.community.refs import ChannelRef
from bot.adapters.slack.mrkdwn import HEADER_LIMIT, MAX_BLOCKS, SECTION_LIMIT

from .conftest import SlackDriver

PING = re.compile(r"<!(here|channel|everyone|subteam)|(?<![\w\u200b])@(here|channel|everyone)\b")


def assert_within_limits(call) -> None:
    assert len(call.args.get("text") or "") <= 40_000
    assert len(call.blocks) <= MAX_BLOCKS
    for block in call.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_LIMIT
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= HEADER_LIMIT


async def start_interview(slack: SlackDriver, user: str) -> str:
    await slack.slash(user, "interview llm junior 3", channel="D" + user)
    for call in reversed(slack.fake.of("chat.postMessage", channel="D" + user)):
        for block in call.blocks:
            if block["type"] == "actions":
                return block["elements"][0]["value"].partition(":")[0]  # "<question id>:<part>"
    raise AssertionError("no question was posted")


async def test_daily_question_thread_answer_gets_private_feedback(slack: SlackDriver, coach, clock):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UBOB", "daily set time=09:00 tz=UTC", channel="C1")
    refused = fake.of("response_url")[-1]
    assert refused.args["response_type"] == "ephemeral" and "admin" in refused.args["text"].lower()

    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    assert "09:00" in fake.of("response_url")[-1].args["text"]

    assert await post_due(slack.bot.client, coach) == 1
    daily = fake.of("chat.postMessage", channel="C1")[-1]
    assert "thread" in daily.all_text
    daily_ts = daily.response["ts"]
    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    assert record.thread == daily_ts, "the post's ts is the thread answers are graded in"
    answer = coach.questions[record.question.id].model_answer

    mark = len(fake.calls)
    await slack.event(slack.message_payload("UCAROL", answer, "C1", channel_type="channel", thread_ts=daily_ts))
    new = fake.since(mark)
    private = [c for c in new if c.method == "chat.postEphemeral"]
    assert private and all(c.args["user"] == "UCAROL" and c.args["channel"] == "C1" for c in private)
    assert any("*Score:" in c.all_text for c in private)
    assert not [c for c in new if c.method == "chat.postMessage"], "nothing public that spoils the answer"

    # chatter in some other thread is not graded
    mark = len(fake.calls)
    await slack.event(slack.message_payload("UCAROL", "lunch?", "C1", channel_type="channel",
                                            thread_ts="1763000000.000001"))
    assert not [c for c in fake.since(mark) if c.method.startswith("chat.")]

    # the next day: the recap in the old thread, with a warning before the model answer
    clock.advance(days=1)
    assert await post_due(slack.bot.client, coach) == 2
    recap = next(c for c in fake.of("chat.postMessage", channel="C1") if c.args.get("thread_ts") == daily_ts)
    assert "Model answer below" in recap.all_text and "1 answered" in recap.all_text
    assert not PING.search(recap.all_text), "the answerer's name (<!here> in it) must not ping"


async def test_redelivered_event_is_processed_once(slack: SlackDriver, coach):
    qid = await start_interview(slack, "UDAN")
    payload = slack.message_payload("UDAN", coach.questions[qid].model_answer, "DUDAN", event_id="EvRETRY1")
    mark = len(slack.fake.calls)
    assert await slack.event(payload) == 200
    assert await slack.event(payload, retry=1) == 200
    graded = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage" and "*Score:" in c.all_text]
    assert len(graded) == 1


async def test_bad_signature_is_refused(slack: SlackDriver):
    payload = slack.message_payload("UEVE", "start", "DUEVE")
    status = await slack.post(json.dumps(payload), "application/json", signature="v0=" + "0" * 64)
    await slack.settle()
    assert status == 401
    assert not [c for c in slack.fake.calls if c.method.startswith("chat.")]


async def test_mass_mentions_in_answers_are_never_echoed_as_pings(slack: SlackDriver, coach):
    qid = await start_interview(slack, "UFAY")
    # as Slack delivers them: real mentions as <!...>, typed angle brackets as entities
    pings = " @channel <!here> <!subteam^S123|@team> &lt;!subteam^S999&gt; "
    hostile = ". ".join(s.replace(" ", pings, 1) for s in coach.questions[qid].model_answer.split(". "))
    mark = len(slack.fake.calls)
    await slack.dm("UFAY", hostile)
    posted = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
    assert any("*Score:" in c.all_text for c in posted)
    echoed = "\n".join(c.all_text for c in posted)
    assert "@\u200bchannel" in echoed and "&lt;" in echoed, "the quoted evidence echoes the hostile words"
    assert not PING.search(echoed), echoed


async def test_oversized_answer_gets_a_kind_reply_within_limits(slack: SlackDriver, coach):
    qid = await start_interview(slack, "UGUS")
    huge = (coach.questions[qid].model_answer + " ") * (40_000 // len(coach.questions[qid].model_answer) + 1)
    assert len(huge) >= 40_000
    mark = len(slack.fake.calls)
    await slack.dm("UGUS", huge[:40_960])
    posted = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
    assert posted and any("*Score:" in c.all_text for c in posted)
    assert not any("went wrong" in c.all_text for c in posted)
    for call in posted:
        assert_within_limits(call)


def _delivered(fake, channel: str) -> list:
    return [c for c in fake.of("chat.postMessage", channel=channel) if c.response.get("ok")]


async def test_a_daily_post_slack_fails_is_posted_on_a_later_round(slack: SlackDriver, coach, clock):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    fake.fail_next("chat.postMessage", 503, 503, 503)  # outlasts the client's own two retries

    assert await post_due(slack.bot.client, coach) == 0
    assert not _delivered(fake, "C1")
    assert await post_due(slack.bot.client, coach) == 0, "tried again only after a pause"

    clock.advance(minutes=2)
    assert await post_due(slack.bot.client, coach) == 1
    [daily] = _delivered(fake, "C1")
    assert "thread" in daily.all_text
    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    assert record.thread == daily.response["ts"], "answers in the late post's thread are graded"

    clock.advance(minutes=30)
    assert await post_due(slack.bot.client, coach) == 0
    assert len(_delivered(fake, "C1")) == 1, "posted once"


async def test_a_daily_whose_thread_cannot_be_recorded_is_still_posted_once(slack: SlackDriver, coach, clock,
                                                                             monkeypatch):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")

    async def store_gone(*args, **kwargs):
        raise ConnectionError("Redis went away for a moment")

    monkeypatch.setattr(coach.deps.community, "attach_thread", store_gone)
    assert await post_due(slack.bot.client, coach) == 1
    monkeypatch.undo()
    clock.advance(minutes=10)  # past the outbox lease: an unreported post would go out again now
    assert await post_due(slack.bot.client, coach) == 0
    assert len(_delivered(fake, "C1")) == 1, "the post was out: it must not be posted twice"


async def test_a_daily_waiting_for_a_retry_is_not_posted_once_the_daily_is_turned_off(slack: SlackDriver, coach,
                                                                                         clock):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    fake.fail_next("chat.postMessage", 503, 503, 503)
    assert await post_due(slack.bot.client, coach) == 0
    await slack.slash("UADMIN", "daily off", channel="C1")
    clock.advance(minutes=2)
    assert await post_due(slack.bot.client, coach) == 0
    assert not _delivered(fake, "C1") and await coach.deps.community.outbox.pending("slack") == 0


async def test_a_daily_post_slack_refuses_for_good_is_dropped_not_retried(slack: SlackDriver, coach, clock):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    fake.fail_next("chat.postMessage", "not_in_channel")

    assert await post_due(slack.bot.client, coach) == 0
    tries = len(fake.of("chat.postMessage", channel="C1"))
    clock.advance(hours=1)
    assert await post_due(slack.bot.client, coach) == 0
    assert len(fake.of("chat.postMessage", channel="C1")) == tries
    assert await coach.deps.community.outbox.pending("slack") == 0
    # once the bot is invited, the next day brings that day's question and no recap of one nobody saw
    clock.advance(days=1)
    assert await post_due(slack.bot.client, coach) == 1
    assert not [c for c in _delivered(fake, "C1") if "recap" in c.all_text.lower()]


async def test_a_post_that_cannot_be_rendered_does_not_hold_up_the_others(slack: SlackDriver, coach, clock):
    from bot.engine import replies as r
    from bot.service.scheduled_posts import to_payload

    outbox = coach.deps.community.outbox
    channel = ChannelRef("slack", "T1", "C1")
    # a broken entry first (as a bug or an older version might leave one), then a good one
    broken = {"kind": "RecapReply", "date": "2026-11-15", "question": "Why BM25?", "model_answer": "...",
              "answered": 1, "top": [["a name without a score"]]}
    await outbox.put([(channel, broken),
                      (channel, to_payload(r.Notice("The daily moves to 10:00 from tomorrow.")))], clock.now())
    assert await post_due(slack.bot.client, coach) == 1
    assert "10:00" in _delivered(slack.fake, "C1")[-1].all_text
    assert await outbox.pending("slack") == 1, "the broken one waits for a retry, then is dropped"
    clock.advance(hours=7)
    assert await post_due(slack.bot.client, coach) == 0
    assert await outbox.pending("slack") == 0


async def test_an_interview_asked_for_by_mention_in_a_channel_runs_in_the_dm(slack: SlackDriver, coach):
    fake = slack.fake
    mention = slack.message_payload("UMEN", "<@UBOT> start llm junior 3", "C1", channel_type="channel")
    mention["event"]["type"] = "app_mention"
    await slack.event(mention)
    assert not fake.of("chat.postMessage", channel="C1"), "no interview in the channel, where answers are not read"
    [moved] = fake.of("chat.postEphemeral", channel="C1")
    assert moved.args["user"] == "UMEN" and "DM" in moved.args["text"]
    question = fake.of("chat.postMessage", channel="DUMEN")[-1]
    assert "Question 1 of 3" in question.all_text
    mark = len(fake.calls)
    await slack.dm("UMEN", "I don't know")
    assert any("Score" in c.all_text for c in fake.since(mark) if c.args.get("channel") == "DUMEN"), \
        "the answer in the DM belongs to that interview"


async def test_a_daily_slack_takes_only_after_its_close_time_is_withdrawn_not_posted_closed(slack: SlackDriver,
                                                                                          coach, clock):
    """Slack is down from the 09:00 post until after the 10:00 close: the question would arrive closed,
    with its model answer at the top of the channel. Nobody saw it, so neither is posted."""
    fake = slack.fake
    fake.admins.add("UADMIN")
    clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc))
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily close=10:00", channel="C1")
    fake.fail_next("chat.postMessage", *[503] * 6)  # two rounds, each outlasting the client's own retries
    for minute in (60, 62):
        clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc) + timedelta(minutes=minute))
        assert await post_due(slack.bot.client, coach) == 0
    for hour, minute in ((10, 0), (10, 45), (11, 30)):  # Slack is back
        clock.set(datetime(2026, 11, 16, hour, minute, tzinfo=timezone.utc))
        assert await post_due(slack.bot.client, coach) == 0
    assert not _delivered(fake, "C1") and await coach.deps.community.outbox.pending("slack") == 0
    channel = ChannelRef("slack", "T1", "C1")
    assert (await coach.deps.community.daily_record(channel, "2026-11-16")).closed
    assert await coach.deps.community.open_daily(channel) is None
    # the next day's daily comes as usual, with no recap of the one nobody saw
    clock.set(datetime(2026, 11, 17, 9, 0, tzinfo=timezone.utc))
    assert await post_due(slack.bot.client, coach) == 1
    [daily] = _delivered(fake, "C1")
    assert "recap" not in daily.all_text.lower()


def edited(original: dict, text: str, edit_ts: str, edited_mark: bool = True, was: str | None = None) -> dict:
    """A `message_changed` event, as Slack sends when a person edits `original` (a message payload) whose
    text is `was` by then (its first text unless said)."""
    before = {**original["event"], "text": original["event"]["text"] if was is None else was}
    after = {k: v for k, v in before.items() if k not in ("channel", "channel_type", "event_ts")}
    after["text"] = text
    if edited_mark:
        after["edited"] = {"user": before["user"], "ts": edit_ts}
    event = {"type": "message", "subtype": "message_changed", "hidden": True, "channel": before["channel"],
             "channel_type": before["channel_type"], "ts": edit_ts, "event_ts": edit_ts,
             "message": after, "previous_message": {k: v for k, v in before.items() if k in ("type", "user", "text",
                                                                                              "ts", "thread_ts")}}
    return {**original, "event_id": f"EvEdit{edit_ts.replace('.', '')}", "event": event}


async def test_an_edited_daily_answer_is_a_new_try_and_other_edits_are_not_read(slack: SlackDriver, coach):
    fake = slack.fake
    fake.admins.add("UADMIN")
    await slack.slash("UADMIN", "daily set time=09:00 tz=UTC days=daily", channel="C1")
    assert await post_due(slack.bot.client, coach) == 1
    daily_ts = fake.of("chat.postMessage", channel="C1")[-1].response["ts"]
    record = await coach.deps.community.open_daily(ChannelRef("slack", "T1", "C1"))
    answer = coach.questions[record.question.id].model_answer

    first = slack.message_payload("UCAROL", "It is about finding things.", "C1", channel_type="channel",
                                  thread_ts=daily_ts)
    await slack.event(first)
    mark = len(fake.calls)
    await slack.event(edited(first, answer, "1763290500.000001"))
    said = " ".join(c.all_text for c in fake.since(mark) if c.method == "chat.postEphemeral")
    assert "*Score:" in said and "edited answer as a new try" in said and "It beats your" in said
    assert not [c for c in fake.since(mark) if c.method == "chat.postMessage"]

    mark = len(fake.calls)
    await slack.event(edited(first, "It is about finding things.", "1763290600.000001", was=answer))
    said = " ".join(c.all_text for c in fake.since(mark) if c.method == "chat.postEphemeral")
    assert "edited answer as a new try" in said and "Your best answer so far scored" in said

    # not answers, or not edits: a word of thanks edited, a link preview, chatter in another thread
    thanks = slack.message_payload("UCAROL", "thanks", "C1", channel_type="channel", thread_ts=daily_ts)
    await slack.event(thanks)
    chatter = slack.message_payload("UCAROL", "lunch?", "C1", channel_type="channel", thread_ts="1763000000.000001")
    await slack.event(chatter)
    mark = len(fake.calls)
    await slack.event(edited(thanks, "thanks a lot for the question", "1763290700.000001"))
    await slack.event(edited(first, "It is about finding things.", "1763290800.000001", edited_mark=False,
                             was="Something else."))
    await slack.event(edited(chatter, answer, "1763290900.000001"))
    assert not [c for c in fake.since(mark) if c.method.startswith("chat.")]
