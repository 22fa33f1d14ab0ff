"""A whole DM interview: /interview, a hint button, answers as DM messages, feedback, the summary."""
from __future__ import annotations

import re

from . import payloads as p
from .helpers import as_message, assert_mention_safe, bank_answer, is_followup, titled

DM = 930000000000000555
ADA = p.user(111, "ada", "Ada")


async def test_dm_interview_from_slash_command_to_summary(discord_bot, fake_discord, services):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("interview", ADA, {"track": "llm-engineer", "level": "mid", "length": 3},
                                             dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and r.titles(), since=0)
    assert question.titles()[0].startswith("Question 1 of 3")
    buttons = [c["custom_id"] for row in question.body["components"] for c in row["components"]]
    ref = buttons[0].split(":", 2)[2]  # each button names the question it was shown with, and its part
    assert ref.endswith(":m") and buttons == [f"coach:hint:{ref}", f"coach:skip:{ref}", f"coach:end:{ref}"]
    defer = next(r for r in fake_discord.requests if r.path.endswith("/callback"))
    assert defer.body["type"] == 5  # acknowledged first: a deferred "thinking" response

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button(f"coach:hint:{ref}", ADA, as_message(question, DM), dm=DM))
    hint = await fake_discord.wait_for(lambda r: is_followup(r) and titled("💡 Hint")(r), since=mark)
    assert hint.embeds()[0]["description"]

    mark = len(fake_discord.requests)
    answer = bank_answer(services, question.embeds()[0]["description"])
    state.parse_message_create(p.message(DM, ADA, answer))
    feedback = await fake_discord.wait_for(titled("Feedback · Question 1 of 3"), since=mark)
    assert feedback.path == f"/channels/{DM}/messages"  # a DM answer is answered in the DM
    embed = feedback.embeds()[0]
    assert embed["description"].startswith("**Score: ")
    covered = next(f for f in embed["fields"] if f["name"] == "Covered")
    assert "> “" in covered["value"]  # evidence quoted from the answer
    after = await fake_discord.wait_for(lambda r: any(t.startswith(("Question 2 of 3", "Question 1 of 3 · "))
                                                      for t in r.titles()), since=mark)

    mark = len(fake_discord.requests)
    end = next(c["custom_id"] for row in after.data["components"] for c in row["components"]
               if c["custom_id"].startswith("coach:end"))
    state.parse_interaction_create(p.button(end, ADA, as_message(after, DM), dm=DM))
    summary = await fake_discord.wait_for(titled("Interview summary"), since=mark)
    assert any(f["name"] == "Questions" for f in summary.embeds()[0]["fields"])
    assert_mention_safe(fake_discord.requests)


async def test_redelivered_dm_message_is_answered_once(discord_bot, fake_discord):
    state = discord_bot._connection
    payload = p.message(DM, ADA, "help")
    state.parse_message_create(payload)
    await fake_discord.wait_for(titled("Interview Coach"))
    mark = len(fake_discord.requests)
    state.parse_message_create(payload)  # the gateway resends after a resume
    state.parse_message_create(p.message(DM, ADA, "status"))
    status = await fake_discord.wait_for(lambda r: "No interview running" in r.text(), since=mark)
    helps = [r for r in fake_discord.requests if titled("Interview Coach")(r)]
    assert len(helps) == 1 and status.path == f"/channels/{DM}/messages"


def _buttons(req) -> dict[str, str]:
    return {c["custom_id"].split(":")[1]: c["custom_id"] for row in req.data["components"] for c in row["components"]}


async def test_a_double_click_on_skip_skips_one_question(discord_bot, fake_discord):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("interview", ADA, {"track": "llm-engineer", "length": 3}, dm=DM))
    first = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r), since=0)
    shown = as_message(first, DM)
    skip = _buttons(first)["skip"]

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button(skip, ADA, shown, dm=DM))
    second = await fake_discord.wait_for(lambda r: titled("Question 2 of 3")(r), since=mark)
    assert _buttons(second)["skip"] != skip  # the next question's buttons name the next question

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button(skip, ADA, shown, dm=DM))  # the second click of the double click
    stale = await fake_discord.wait_for(lambda r: "belongs to a question you have moved past" in r.text(),
                                        since=mark)
    assert is_followup(stale)
    again = len(fake_discord.requests)
    state.parse_interaction_create(p.button(_buttons(first)["hint"], ADA, shown, dm=DM))  # an old Hint
    await fake_discord.wait_for(lambda r: "belongs to a question you have moved past" in r.text(), since=again)
    assert not any(titled("Question 3 of 3")(r) or titled("💡 Hint")(r) for r in fake_discord.requests[mark:])

    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button(_buttons(second)["hint"], ADA, as_message(second, DM), dm=DM))
    await fake_discord.wait_for(titled("💡 Hint"), since=mark)  # the current question's Hint still works


async def test_buttons_sent_before_they_named_questions_still_work(discord_bot, fake_discord):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("interview", ADA, {"track": "llm-engineer", "length": 3}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r), since=0)
    old = as_message(question, DM)
    for row in old["components"]:
        for c in row["components"]:
            c["custom_id"] = ":".join(c["custom_id"].split(":")[:2])  # "coach:hint", as older versions sent
    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button("coach:hint", ADA, old, dm=DM))
    await fake_discord.wait_for(titled("💡 Hint"), since=mark)


async def test_an_image_sent_in_the_dm_is_answered_and_spends_no_try(discord_bot, fake_discord):
    state = discord_bot._connection
    state.parse_interaction_create(p.command("interview", ADA, {"track": "nlp-engineer"}, dm=DM))
    await fake_discord.wait_for(lambda r: is_followup(r) and r.titles(), since=0)
    mark = len(fake_discord.requests)
    state.parse_message_create(p.message(DM, ADA, "", attachments=[p.attachment()]))
    reply = await fake_discord.wait_for(lambda r: r.path == f"/channels/{DM}/messages", since=mark)
    assert "no text" in reply.text() and "still open" in reply.text()


async def test_help_lists_dm_words_and_the_real_slash_commands_apart(discord_bot, fake_discord):
    discord_bot._connection.parse_message_create(p.message(DM, ADA, "help"))
    shown = await fake_discord.wait_for(titled("Interview Coach"))
    fields = {f["name"].split(" (")[0]: f["value"] for f in shown.embeds()[0]["fields"]}
    typed, slash = fields["Type in a DM with me"], fields["Slash commands"]
    assert "`status / history / progress`" in typed and "leaderboard" not in typed and "daily" not in typed
    usages = re.findall(r"`/([^`]+)`", slash)
    assert {"timezone name", "group join name", "interview [track] [level] [length] [topic]"} <= set(usages)
    registered = {c.name for c in discord_bot.tree.get_commands()}
    assert registered == {u.split()[0] for u in usages}, "every slash command, and only those"
    for word in ("status", "history", "settings", "repeat", "answer"):
        assert f"`/{word}" not in slash, word


async def test_interview_offers_every_length_start_takes(discord_bot, fake_discord):
    """`start` takes 1 to 10 questions; the slash command offered only 3, 5 or 8."""
    length = discord_bot.tree.get_command("interview").get_parameter("length")
    assert [c.value for c in length.choices] == list(range(1, 11))
    discord_bot._connection.parse_interaction_create(p.command("interview", ADA, {"track": "nlp-engineer", "length": 1},
                                                                dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and r.titles(), since=0)
    assert question.titles()[0].startswith("Question 1 of 1")


async def test_interview_takes_a_topic_as_start_does(discord_bot, fake_discord):
    """`/interview topic:rag` asks only RAG questions, as `start rag` does in a DM."""
    from bot.engine.start_args import TOPICS

    topic = discord_bot.tree.get_command("interview").get_parameter("topic")
    assert [c.value for c in topic.choices] == list(TOPICS) and not topic.required
    discord_bot._connection.parse_interaction_create(p.command("interview", ADA, {"topic": "rag", "length": 1}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and r.titles(), since=0)
    assert question.titles()[0].startswith("Question 1 of 1 · rag ·"), "the topic as /interview names it"
    assert "on rag" in question.text()
