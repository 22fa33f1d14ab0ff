"""Known Slack gaps closed: what heads a command's reply in the DM, an edit to a bare @coach, the notification
text of echoed words, and a mistyped command said to the bot."""
from __future__ import annotations

import json
import re

from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.command_typos import mistyped_command
from bot.engine.misread_commands import misread_command
from bot.engine.render_text import ZWSP, defuse_mentions
from bot.grading.feedback import Dimensions, Feedback, PointVerdict

from .conftest import BOT_USER, SlackDriver
from .test_slack_channels import PING, start_interview
from .test_slack_mentions_and_threads import private_to, send_twins
from .test_slack_private_replies import edit_of, open_daily

ABOUT = ["Residual (skip) connections let gradients flow past layers."]
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


# -- the notification text (the `text` beside the blocks) -------------------------------------------------------
# what people type back at the bot, echoed: Slack's marks, every form of a ping, a shortcode, and a link
ECHOED = ("2*3*4 is _not_ ~that~ `x` <!here> <!channel|channel> <!subteam^S1|@team> @everyone @Here "
          ":fire: https://x.io/a_b*c")
MARK = re.compile(r"(?<!\u200b)[*_~`]|[*_~`](?!\u200b)")


def echoing_replies() -> list[r.Reply]:
    evidence = PointVerdict("p1", "Exact term matching", "covered", ECHOED, "", None)
    fb = Feedback(score=6.5, points=[evidence], misconceptions=[], notes=[], dimensions=Dimensions(6, 5, 7),
                  next_step="", grader="offline", rubric_source="bank", question_id="q1", question="Why BM25?")
    return [r.FeedbackReply(fb, 1, 3),
            r.Notice(f"Here is what you wrote, to reuse:\n\n{defuse_mentions(ECHOED)}", private=True),
            r.TableReply("This week", ("#", "name", "points"), (("1", defuse_mentions(ECHOED), "9"),)),
            r.RecapReply("2026-11-16", "Why BM25?", "Term matching.", 1, ((defuse_mentions(ECHOED), 8.0),))]


def test_echoed_words_in_the_notification_text_show_as_typed_and_ping_no_one():
    """QA: the `text` Slack shows in a notification escaped < and > but let "2*3*4" and "_not_" turn into bold and
    italics there, the marks gone."""
    for reply in echoing_replies():
        msg = to_message(reply)
        assert not PING.search(msg.text) and not PING.search(json.dumps(msg.blocks)), type(reply).__name__
        assert "<!" not in msg.text and "<!" not in json.dumps(msg.blocks)
        words = msg.text.replace(ZWSP, "")
        assert not MARK.search(msg.text.replace("https://x.io/a_b*c", "")), (type(reply).__name__, msg.text)
        assert "2*3*4 is _not_ ~that~ `x`" in words and ":fire:" in words, "readable: every mark as typed"
        assert "https://x.io/a_b*c" in msg.text, "a link stays whole, one Slack can open"
        assert "<" not in msg.text and "&lt;!here&gt;" in words, "no Slack markup: shown, never read as a ping"


# -- a command mistyped, with words after it ------------------------------------------------------------------------
# slips of a command's word with words it does not read, and what the reply must hold: the command meant, its usage
SLIPS = {
    "strak quantum": ("Did you mean `streak`?", "I couldn't read `quantum`", "Say just `streak` to see your streak"),
    "grops foo": ("Did you mean `groups`?", "`foo`", "Say just `groups` to list your study groups"),
    "setings quantum": ("Did you mean `settings`?", "`quantum`", "For example `settings llm senior 5`"),
    "leaderbord foo bar": ("Did you mean `leaderboard`?", "`foo`, `bar`", "`leaderboard week|all|improved`"),
}


def test_a_slip_of_a_command_word_with_words_it_does_not_take_is_read_as_that_command_gone_wrong():
    for text, expected in SLIPS.items():
        misread = misread_command(text, ABOUT)
        assert misread is not None and all(e in misread.usage() for e in expected), (text, misread)
    assert misread_command("hnit quantum", ABOUT).command == "hint"
    # a slip and a word of the field, a real word that is a slip, a sentence: answers, graded as before
    for text in ("Skipp connections", "Steak tartare", "Stauts of the art", "Hnit: quantum", "strak"):
        assert misread_command(text, ABOUT) is None, text
    # a board's word mistyped in a mistyped `leaderboard`: the board meant, not a study group called "weeek"
    assert mistyped_command("leaderbord weeek") == "leaderboard week"
    assert mistyped_command("leaderbord improvd") == "leaderboard improved"
    assert mistyped_command("leaderbord rag-club") == "leaderboard rag-club", "a group's name is read as before"


async def test_a_mention_with_a_mistyped_command_gets_that_commands_usage_not_the_pointer(slack: SlackDriver, coach):
    fake = slack.fake
    for words, expected in [*SLIPS.items(), ("leaderbord weeek", ("Did you mean `leaderboard week`?",))]:
        mark = len(fake.calls)
        await send_twins(slack, slack.mention_twins("UTYPO", words))
        new = fake.since(mark)
        [reply] = private_to(new, "UTYPO")
        assert all(e in reply.all_text for e in expected), (words, reply.all_text)
        assert "Mention me with a command" not in reply.all_text
        assert not [c for c in new if c.method == "chat.postMessage"], "nothing public, no DM"
    mark = len(fake.calls)  # an interview's command gone wrong: interviews run in the DM, as the pointer says
    await send_twins(slack, slack.mention_twins("UTYPO", "hnit quantum"))
    assert "DM me `start`" in private_to(fake.since(mark), "UTYPO")[0].all_text


async def test_in_a_daily_thread_a_mistyped_command_spends_no_try_and_an_answer_like_it_is_graded(
        slack: SlackDriver, coach):
    thread, answer = await open_daily(slack, coach)
    mark = len(slack.fake.calls)
    await slack.event(slack.message_payload("UANN", "strak quantum", "C1", channel_type="channel", thread_ts=thread))
    [told] = private_to(slack.fake.since(mark), "UANN")
    assert "Did you mean `streak`?" in told.all_text and "Score" not in told.all_text
    for text in (f"Stauts quo: {answer}", "Skipp bm25 weighting"):  # a slip first, then an answer
        mark = len(slack.fake.calls)
        await slack.event(slack.message_payload("UANN", text, "C1", channel_type="channel", thread_ts=thread))
        assert any("Score:" in c.all_text for c in private_to(slack.fake.since(mark), "UANN")), text


async def test_in_a_dm_interview_a_mistyped_command_spends_no_try(slack: SlackDriver, coach):
    await start_interview(slack, "UDEV")
    mark = len(slack.fake.calls)
    await slack.dm("UDEV", "hnit quantum")
    said = "\n".join(c.all_text for c in slack.fake.since(mark) if c.method == "chat.postMessage")
    assert "Did you mean `hint`?" in said and "Score" not in said
    mark = len(slack.fake.calls)
    await slack.dm("UDEV", "status")
    assert "0 done" in "\n".join(c.all_text for c in slack.fake.since(mark)), "the question is still open"


async def test_a_long_reply_led_in_the_dm_is_not_cut_inside_an_entity(fake_slack):
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.adapters.slack.routing import Target

    client = AsyncWebClient(token="xoxb-test", base_url=fake_slack.base_url)
    for shift in range(5):  # wherever the cut falls among the entities
        target = Target(client, "C1", "ULONG", private_via="dm", command="streak")
        await target.send(r.Notice("x" * shift + "<&>" * 1000, private=True))
        text = fake_slack.of("chat.postMessage", channel="DULONG")[-1].args["text"]
        assert text.startswith("About `streak` in <#C1>:\n") and text.endswith("…") and len(text) <= 3000
        assert re.fullmatch(r"(?:[^&]|&(?:lt|gt|amp);)*…", text.split("\n", 1)[1]), text[-12:]
