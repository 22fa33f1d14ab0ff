"""The pure halves of the adapter on recorded payload shapes: what a delivery means, how a reply looks."""
from __future__ import annotations

import re

from bot.adapters.slack.blocks import fit, section, to_message
from bot.adapters.slack.mrkdwn import MAX_BLOCKS, SECTION_LIMIT, esc, plain
from bot.adapters.slack.translate import button_event, message_event, slash_event
from bot.engine import replies as r
from bot.engine.events import EventKind


def envelope(**event) -> dict:
    base = {"type": "message", "user": "U1", "text": "BM25 is lexical", "ts": "100.1", "channel": "D1",
            "channel_type": "im", "client_msg_id": "m-1"}
    return {"team_id": "T1", "event_id": "Ev1", "type": "event_callback", "event": {**base, **event}}


def test_a_dm_becomes_a_text_event_keyed_by_team_user_and_channel():
    event = message_event(envelope())
    assert event.kind == EventKind.text and event.text == "BM25 is lexical"
    assert event.key.user.id == "slack:T1:U1" and event.key.channel == "D1"
    assert event.message_id == "m-1" and event.thread == ""


def test_edits_bots_and_channel_chatter_are_not_events():
    assert message_event(envelope(subtype="message_changed")) is None
    assert message_event(envelope(bot_id="B1")) is None
    assert message_event(envelope(channel="C1", channel_type="channel")) is None


def test_a_thread_reply_in_a_channel_carries_its_thread():
    event = message_event(envelope(channel="C1", channel_type="channel", thread_ts="99.9"))
    assert event.thread == "99.9" and event.key.channel == "C1"


def test_a_thread_reply_also_sent_to_the_channel_and_a_message_with_a_file_are_read():
    broadcast = message_event(envelope(subtype="thread_broadcast", channel="C1", channel_type="channel",
                                       thread_ts="99.9"))
    assert broadcast is not None and broadcast.thread == "99.9" and broadcast.text == "BM25 is lexical"
    file_only = message_event(envelope(subtype="file_share", text=""))
    assert file_only is not None and file_only.text == "", "the coach tells them it reads only text"
    assert message_event(envelope(subtype="message_deleted")) is None
    own_upload = {**envelope(subtype="file_share", user="UBOT", text="Your scores over time."),
                  "authorizations": [{"user_id": "UBOT", "is_bot": True}]}
    assert message_event(own_upload) is None, "the bot's own progress chart is not an answer"


def test_a_mention_is_read_without_the_bots_name():
    event = message_event(envelope(type="app_mention", text="<@UBOT> leaderboard week", channel="C1",
                                   channel_type=None))
    assert event.text == "leaderboard week"


BOT = [{"user_id": "UBOT", "is_bot": True}]


def test_a_leading_mention_of_the_bot_is_dropped_from_every_kind_of_message():
    dm = message_event({**envelope(text="<@UBOT> hint"), "authorizations": BOT})
    assert dm.text == "hint", "in a DM too: a command, not an answer"
    named = message_event({**envelope(text="<@UBOT|coach>: skip"), "authorizations": BOT})
    assert named.text == "skip"
    someone = message_event({**envelope(text="<@UANA> told me BM25 is lexical"), "authorizations": BOT})
    assert someone.text == "@someone told me BM25 is lexical", "a mention of someone else is part of the answer"
    named = message_event({**envelope(text="<@UANA> told me BM25 is lexical"), "authorizations": BOT}, {"UANA": "Ana"})
    assert named.text == "@Ana told me BM25 is lexical"


def test_the_message_and_app_mention_twins_read_the_same():
    from bot.adapters.slack.translate import mentions_bot

    fields = dict(text="<@UBOT> streak", channel="C1", thread_ts="99.9", ts="100.1")
    twin = {**envelope(channel_type="channel", **fields), "authorizations": BOT}
    mention = {**envelope(type="app_mention", channel_type=None, **fields), "authorizations": BOT}
    a, b = message_event(twin), message_event(mention)
    assert a == b and a.text == "streak" and a.message_id == "m-1" and a.thread == "99.9"
    assert mentions_bot(twin) and mentions_bot(mention)
    talk = {**envelope(channel_type="channel", text="lunch?", channel="C1", thread_ts="99.9"), "authorizations": BOT}
    assert not mentions_bot(talk)


def test_replies_follow_the_thread_they_were_asked_in():
    from bot.adapters.slack.translate import button_thread, dm_thread

    assert dm_thread(envelope(thread_ts="99.9")) == "99.9"
    assert dm_thread(envelope()) == "" and dm_thread(envelope(thread_ts="100.1")) == ""
    assert dm_thread(envelope(channel="C1", channel_type="channel", thread_ts="99.9")) == "", "DMs only"
    press = {"container": {"type": "message", "message_ts": "100.2", "thread_ts": "99.9"}}
    assert button_thread(press) == "99.9"
    assert button_thread({"container": {"type": "message", "message_ts": "99.9", "thread_ts": "99.9"}}) == "", \
        "a button on a thread's parent is in the main view"


def test_daily_set_and_on_need_the_bot_in_the_channel_and_an_admin():
    from bot.adapters.slack.translate import asks_to_post_daily, command_name, needs_admin

    typed = message_event(envelope(type="app_mention", text="<@UBOT> daily set time=09:00", channel="C1",
                                   channel_type=None))
    assert needs_admin(command_name(typed))
    assert not needs_admin(command_name(message_event(envelope(text="BM25 is lexical"))))
    assert asks_to_post_daily(slash_event({"user_id": "U1", "text": "daily set time=09:00"}))
    assert asks_to_post_daily(slash_event({"user_id": "U1", "text": "daily on"}))
    assert not asks_to_post_daily(slash_event({"user_id": "U1", "text": "daily off"}))
    assert not asks_to_post_daily(slash_event({"user_id": "U1", "text": "daily"}))


def test_slash_commands_become_command_events():
    start = slash_event({"team_id": "T1", "user_id": "U1", "channel_id": "C1", "text": "interview llm senior 3"})
    assert (start.kind, start.name, start.args) == (EventKind.command, "start",
                                                    {"track": "llm-engineer", "level": "senior", "length": "3"})
    assert slash_event({"user_id": "U1", "text": ""}).name == "help"
    daily = slash_event({"user_id": "U1", "text": "daily set time=09:00 tz=Europe/Berlin"}, is_admin=True)
    assert (daily.name, daily.text, daily.is_admin) == ("daily", "set time=09:00 tz=Europe/Berlin", True)
    assert slash_event({"user_id": "U1", "text": "leaderboard improved"}).args == {"period": "improved"}
    assert slash_event({"user_id": "U1", "text": "dance"}).name == "dance"  # the coach replies with help


def test_a_button_press_becomes_a_button_event():
    body = {"type": "block_actions", "user": {"id": "U1", "team_id": "T1"}, "team": {"id": "T1"},
            "channel": {"id": "D1"}, "actions": [{"action_id": "coach_hint", "value": "q1", "action_ts": "5.5"}]}
    event = button_event(body)
    assert (event.kind, event.name, event.key.channel) == (EventKind.button, "hint", "D1")
    assert event.args == {"question_id": "q1"}  # a button posted before buttons named the part
    body["actions"][0]["value"] = "q1:f1"
    assert button_event(body).args == {"question_id": "q1", "part": "f1"}  # the question and its part


def test_slack_markup_is_read_back_as_the_words_typed():
    assert plain("a &lt; b &amp;&amp; <https://x.io|the docs> <!here>") == "a < b && the docs @here"


def test_echoed_text_cannot_ping_or_inject_markup():
    out = esc("<!subteam^S1> @channel <https://evil|click> & co")
    assert "<" not in out and ">" not in out and "@channel" not in out and "&amp; co" in out


def test_the_limit_bounds_the_escaped_text_and_a_cut_never_splits_an_entity():
    """`&` is `&amp;` once escaped: a bound on the text before escaping let it grow fivefold, past the
    section limit, to be cut again by `fit` wherever it fell."""
    for n in range(1, 8):
        out = esc("a" * n + "&<>" * 2000, 100)
        assert len(out) <= 100 and out.endswith("…")
        assert re.fullmatch(r"a*(?:&amp;|&lt;|&gt;)*…", out), out[-12:]  # whole entities only
    notice = to_message(r.Notice("Tokens & <ids> " * 400))
    [section_text] = [b["text"]["text"] for b in notice.blocks]
    assert len(section_text) <= SECTION_LIMIT - 20 + 10  # the text's own bound, not fit's cut
    whole_entities = r"(?:[^&]|&amp;|&lt;|&gt;)*…"
    assert re.fullmatch(whole_entities, section_text) and re.fullmatch(whole_entities, notice.text)
    assert len(notice.text) <= 3000


def test_long_replies_are_cut_with_an_ellipsis_within_slack_limits():
    msg = to_message(r.Notice("x" * 50_000))
    assert len(msg.text) <= 3000 and msg.text.endswith("…")
    assert len(msg.blocks[0]["text"]["text"]) <= SECTION_LIMIT
    blocks = fit([section(f"part {i}") for i in range(80)])
    assert len(blocks) == MAX_BLOCKS and blocks[-1]["type"] == "context"


def test_a_question_has_hint_skip_end_buttons_carrying_its_id_and_part():
    msg = to_message(r.QuestionReply("q-7", "Why BM25?", 1, 3, "retrieval", "mid"))
    actions = next(b for b in msg.blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == ["coach_hint", "coach_skip", "coach_end"]
    assert {a["value"] for a in actions} == {"q-7:m"}
    follow_up = to_message(r.QuestionReply("q-7", "And at scale?", 1, 3, "retrieval", "mid", stage="followup",
                                           followup=2))
    assert {a["value"] for a in next(b for b in follow_up.blocks if b["type"] == "actions")["elements"]} == {"q-7:f2"}


def test_a_follow_up_and_a_second_try_are_counted_apart_from_the_questions():
    def header(reply):
        return next(b["text"]["text"] for b in to_message(reply).blocks if b["type"] == "header")

    follow = r.QuestionReply("q-7", "And at scale?", 1, 3, "retrieval", "mid", stage="followup", followup=2)
    retry = r.QuestionReply("q-7", "Why BM25?", 3, 3, "retrieval", "mid", stage="retry")
    assert header(follow) == "Question 1 of 3 · follow-up 2 · retrieval · mid"
    assert header(retry) == "Question 3 of 3 · second try · retrieval · mid"
    assert "Question 1 of 3 · follow-up 2" in to_message(follow).text  # the fallback says the same


def test_feedback_shows_score_evidence_hints_citations_and_misconceptions():
    from bot.grading.feedback import Citation, Dimensions, Feedback, MisconceptionFlag, PointVerdict

    fb = Feedback(
        score=6.5,
        points=[PointVerdict("p1", "Exact term matching", "covered", "BM25 matches <!here> exact terms", "", None),
                PointVerdict("p2", "Length normalisation", "missed", None, "Think about long documents",
                             Citation("bm25-length", "BM25 saturation"))],
        misconceptions=[MisconceptionFlag("BM25 is neural", "BM25 is a bag-of-words formula", "BM25 is neural")],
        notes=["Your answer was long; I graded the first 400 words."], dimensions=Dimensions(6, 5, 7),
        next_step="Read about b and k1.", grader="offline", rubric_source="bank", question_id="q1",
        question="Why BM25?")
    msg = to_message(r.FeedbackReply(fb, 1, 3))
    texts = "\n".join(b["text"]["text"] if "text" in b else b["elements"][0]["text"] for b in msg.blocks)
    assert "*Score: 6.5/10*" in texts and "Question 1 of 3" in texts
    assert '> _you said:_ "BM25 matches &lt;\u200b!here&gt; exact terms"' in texts
    assert "_Hint:_ Think about long documents" in texts and "`bm25-length`" in texts
    assert "BM25 is neural → BM25 is a bag-of-words formula" in texts
    assert "*Next step:* Read about b and k1." in texts and "first 400 words" in texts
    assert "<!here>" not in msg.text


def test_a_reference_point_is_not_repeated_as_its_own_hint():
    """A reference rubric's hint is "Cover this point from the reference: <the point>", shown right under
    the point: Slack and Discord said every missed point twice."""
    from bot.adapters.discord.embeds import feedback_embed
    from bot.grading.feedback import Citation, Dimensions, Feedback, PointVerdict

    point = "Route 1 to 5 percent of live traffic to the new model."
    fb = Feedback(score=2.0, points=[PointVerdict("p1", point, "missed", None, f"Cover this point from the reference: {point}",
                                                  Citation("prod-rollouts", "Rollouts"))],
                  misconceptions=[], notes=[], dimensions=Dimensions(2, 0, 5), next_step="", grader="offline",
                  rubric_source="reference", question_id=None, question="What is a canary release?")
    msg = to_message(r.FeedbackReply(fb, 1, 1))
    texts = "\n".join(b["text"]["text"] if "text" in b else b["elements"][0]["text"] for b in msg.blocks)
    assert texts.count("Route 1 to 5 percent") == 1 and "_Hint:_" not in texts and "`prod-rollouts`" in texts
    missed = next(f for f in feedback_embed(fb, "Feedback").fields if f.name == "Missed")
    assert missed.value.count("Route 1 to 5 percent") == 1 and "[prod-rollouts]" in missed.value


def test_a_partly_made_point_names_its_section_to_read_as_a_missed_one_does():
    from bot.adapters.discord.embeds import feedback_embed
    from bot.engine.render_text import feedback_lines
    from bot.grading.feedback import Citation, Dimensions, Feedback, PointVerdict

    cite = Citation("bm25-length", "BM25 saturation")
    fb = Feedback(score=5.0, points=[PointVerdict("p1", "Saturation uses k1.", "partial", "k1 does something", "",
                                                  cite, credit=0.5),
                                     PointVerdict("p2", "Exact terms match.", "covered", "It matches exact terms", "",
                                                  Citation("bm25-basics", "BM25 basics"))],
                  misconceptions=[], notes=[], dimensions=Dimensions(5, 3, 5), next_step="", grader="offline",
                  rubric_source="bank", question_id="q1", question="Why BM25?")
    msg = to_message(r.FeedbackReply(fb, 1, 1))
    texts = "\n".join(b["text"]["text"] if "text" in b else b["elements"][0]["text"] for b in msg.blocks)
    assert "`bm25-length`" in texts and "`bm25-basics`" not in texts, "a covered point needs no reading"
    covered = next(f for f in feedback_embed(fb, "Feedback").fields if f.name == "Covered")
    assert "[bm25-length]" in covered.value and "[bm25-basics]" not in covered.value
    text = "\n".join(feedback_lines(fb))
    assert "[bm25-length]" in text and "[bm25-basics]" not in text


def test_a_summary_lists_strong_and_weak_points_one_per_line():
    from bot.engine.render_text import render

    summary = r.SummaryReply(track="llm-engineer", level="mid",
                             questions=(r.QuestionScore(1, "q1", "Why BM25?", "retrieval", 4.0),),
                             topics=(("retrieval", 4.0),), overall=4.0,
                             strongest=("BM25 matches exact terms.",),
                             weakest=("Length normalisation uses b.", "Saturation uses k1."),
                             study_next=(r.Citation("bm25-length", "BM25 saturation"),))
    text = render(summary)
    assert "Work on:\n  • Length normalisation uses b.\n  • Saturation uses k1." in text
    assert "Strongest:\n  • BM25 matches exact terms." in text
    blocks = [b["text"]["text"] for b in to_message(summary).blocks if b["type"] == "section"]
    assert "*Work on*\n• Length normalisation uses b.\n• Saturation uses k1." in blocks


def test_only_an_interview_command_said_to_the_bot_in_a_channel_moves_to_the_dm():
    from bot.adapters.slack.translate import moves_to_dm

    said = message_event(envelope(type="app_mention", text="<@UBOT> start llm", channel="C1", channel_type=None))
    assert moves_to_dm(said, in_dm=False, mentioned=True)
    chatter = message_event(envelope(text="end", channel="C1", channel_type="channel", thread_ts="99.9"))
    assert not moves_to_dm(chatter, in_dm=False, mentioned=False), "people saying 'end' in a thread"
    board = message_event(envelope(type="app_mention", text="<@UBOT> leaderboard", channel="C1", channel_type=None))
    assert not moves_to_dm(board, in_dm=False, mentioned=True), "a board belongs in the channel"
