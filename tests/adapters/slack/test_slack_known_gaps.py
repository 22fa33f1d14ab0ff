"""Known Slack gaps closed: what heads a command's reply in the DM, an edit to a bare @coach, the notification
text of echoed words, and a mistyped command said to the bot."""
from __future__ import annotations

from .conftest import BOT_USER, SlackDriver
from .test_slack_mentions_and_threads import private_to, send_twins
from .test_slack_private_replies import edit_of, open_daily

DAILY_LEAD = "About your reply to the daily question in <#C1>:"


def dm_texts(slack: SlackDriver, mark: int, user: str) -> list[str]:
    return [c.args["text"] for c in slack.fake.since(mark)
            if c.method == "chat.postMessage" and c.args["channel"] == "D" + user]


async def test_a_command_in_a_daily_thread_is_led_in_the_dm_by_its_name_not_as_a_reply_to_the_daily(
        slack_dm_feedback: SlackDriver, coach):
    """QA: `streak` typed in a daily thread came to the DM as "About your reply to the daily question"."""
    slack = slack_dm_feedback
    thread, answer = await open_daily(slack, coach)
    for typed, lead in [("streak", "About `streak` in <#C1>:"), ("leaderboard", "About `leaderboard` in <#C1>:"),
                        ("hint", "About `hint` in <#C1>:"), ("can I get a hint?", "About `hint` in <#C1>:"),
                        ("thanks", "About your message in <#C1>:")]:
        mark = len(slack.fake.calls)
        await slack.event(slack.message_payload("UJO", typed, "C1", channel_type="channel", thread_ts=thread))
        [first, *_] = dm_texts(slack, mark, "UJO")
        assert first.startswith(lead + "\n"), (typed, first)

    mark = len(slack.fake.calls)  # a mention of the bot with a command, at the top of the channel
    await send_twins(slack, slack.mention_twins("UJO", "streak"))
    assert dm_texts(slack, mark, "UJO")[0].startswith("About `streak` in <#C1>:\n")

    mark = len(slack.fake.calls)  # an answer is still told apart as the daily's
    await slack.event(slack.message_payload("UJO", answer, "C1", channel_type="channel", thread_ts=thread))
    graded = dm_texts(slack, mark, "UJO")
    assert graded[0].startswith(DAILY_LEAD + "\n") and "Score:" in graded[0]


async def test_an_edit_to_only_the_bots_mention_is_answered_as_a_new_one_is(slack: SlackDriver, coach):
    """QA: a new "@coach" got a reason, the same message edited to "@coach" got nothing."""
    thread, _ = await open_daily(slack, coach)
    for where in (thread, "1763000000.000001"):  # a daily's thread, and some other thread
        mark = len(slack.fake.calls)
        await send_twins(slack, slack.mention_twins("UNEW", "", thread_ts=where))
        [new] = private_to(slack.fake.since(mark), "UNEW")

        first = slack.message_payload("UEDIT", "no idea", "C1", channel_type="channel", thread_ts=where)
        await slack.event(first)
        mark = len(slack.fake.calls)
        await slack.event(edit_of(slack, first, f"<@{BOT_USER}>"))
        [edited] = private_to(slack.fake.since(mark), "UEDIT")
        assert edited.all_text == new.all_text and edited.args["thread_ts"] == where
        assert "Score" not in edited.all_text and "no text in it" not in edited.all_text, "it was no image either"

        mark = len(slack.fake.calls)  # an edit that leaves it a bare mention says nothing twice
        await slack.event(edit_of(slack, _as_message(first, f"<@{BOT_USER}>"), f"<@{BOT_USER}> "))
        assert not private_to(slack.fake.since(mark), "UEDIT")


def _as_message(payload: dict, text: str) -> dict:
    """`payload` as it reads after an edit to `text`: the message a further edit starts from."""
    return {**payload, "event": {**payload["event"], "text": text}}
