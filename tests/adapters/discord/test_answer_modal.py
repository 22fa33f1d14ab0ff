"""Without the message content intent: the Answer button opens a modal, and its text is graded."""
from __future__ import annotations

from . import payloads as p
from .conftest import logged_in_bot
from .helpers import as_message, assert_mention_safe, bank_answer, is_followup, post_daily, set_daily, titled

DM = 930000000000000888
KAI = p.user(401, "kai", "Kai")
MOD = p.user(201, "mod", "Mod")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


async def test_answer_button_opens_a_modal_whose_answer_is_graded(intentless_bot, fake_discord, services):
    state = intentless_bot._connection
    state.parse_interaction_create(p.command("interview", KAI, {"track": "nlp-engineer", "length": 3}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r))
    buttons = [c["custom_id"] for row in question.data["components"] for c in row["components"]]
    answer_button = next(b for b in buttons if b.startswith("coach:answer:"))

    mark = len(fake_discord.requests)
    shown = as_message(question, DM)
    state.parse_interaction_create(p.button(answer_button, KAI, shown, dm=DM))
    modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9, since=mark)
    form = modal.data["custom_id"]
    assert form.startswith("coach:answer-form:")

    mark = len(fake_discord.requests)
    answer = bank_answer(services, question.embeds()[0]["description"])
    state.parse_interaction_create(p.modal_submit(form, "coach:answer-text", answer, KAI, shown, dm=DM))
    feedback = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Feedback · Question 1 of 3")(r), since=mark)
    assert feedback.embeds()[0]["description"].startswith("**Score: ")
    assert_mention_safe(fake_discord.requests)


async def test_two_open_forms_and_a_form_from_an_earlier_question(intentless_bot, fake_discord, services):
    """Each opened form is its own: two people's open forms do not clash, and a form opened under a
    question the person has since skipped is not graded against the next one; its text comes back."""
    state = intentless_bot._connection
    eve, eve_dm = p.user(402, "eve", "Eve"), 930000000000000889

    async def first_question(who, dm):
        mark = len(fake_discord.requests)
        state.parse_interaction_create(p.command("interview", who, {"track": "nlp-engineer", "length": 3}, dm=dm))
        return await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r), since=mark)

    async def open_form(who, dm, question):
        mark = len(fake_discord.requests)
        shown = as_message(question, dm)
        answer_id = next(c["custom_id"] for row in question.data["components"] for c in row["components"]
                         if c["custom_id"].startswith("coach:answer:"))
        state.parse_interaction_create(p.button(answer_id, who, shown, dm=dm))
        modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9,
                                            since=mark)
        return modal.data["custom_id"], shown

    kai_q, eve_q = await first_question(KAI, DM), await first_question(eve, eve_dm)
    kai_form, kai_shown = await open_form(KAI, DM, kai_q)
    eve_form, eve_shown = await open_form(eve, eve_dm, eve_q)
    assert kai_form != eve_form

    mark = len(fake_discord.requests)  # Kai skips on, then sends the form from question 1
    skip = next(c["custom_id"] for row in kai_q.data["components"] for c in row["components"]
                if c["custom_id"].startswith("coach:skip:"))
    state.parse_interaction_create(p.button(skip, KAI, kai_shown, dm=DM))
    await fake_discord.wait_for(lambda r: titled("Question 2 of 3")(r), since=mark)
    mark = len(fake_discord.requests)
    late = "Attention weighs every token against every other token. @everyone"
    state.parse_interaction_create(p.modal_submit(kai_form, "coach:answer-text", late, KAI, kai_shown, dm=DM))
    notice = await fake_discord.wait_for(lambda r: "moved past" in r.text(), since=mark)
    assert "Attention weighs every token" in notice.text()
    assert not any(titled("Feedback")(r) for r in fake_discord.requests[mark:])

    mark = len(fake_discord.requests)  # Eve's form, opened before Kai's was sent, still works
    answer = bank_answer(services, eve_q.embeds()[0]["description"])
    state.parse_interaction_create(p.modal_submit(eve_form, "coach:answer-text", answer, eve, eve_shown, dm=eve_dm))
    feedback = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Feedback · Question 1 of 3")(r), since=mark)
    assert feedback.embeds()[0]["description"].startswith("**Score: ")
    assert_mention_safe(fake_discord.requests)


async def test_a_form_opened_under_the_main_question_is_not_graded_against_its_follow_up(intentless_bot,
                                                                                       fake_discord, services):
    """Two Answer forms opened under question 1: the first one's strong answer earns a follow-up; the
    second, written for the main question, comes back with its text instead of being graded against the
    follow-up (and spending it). The follow-up's own form is still graded."""
    state = intentless_bot._connection
    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.command("interview", KAI, {"track": "llm-engineer", "length": 3}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r), since=mark)

    async def open_form(question):
        mark = len(fake_discord.requests)
        answer_id = next(c["custom_id"] for row in question.data["components"] for c in row["components"]
                         if c["custom_id"].startswith("coach:answer:"))
        state.parse_interaction_create(p.button(answer_id, KAI, as_message(question, DM), dm=DM))
        modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9,
                                            since=mark)
        return modal.data["custom_id"]

    async def submit(form, question, text):
        mark = len(fake_discord.requests)
        state.parse_interaction_create(p.modal_submit(form, "coach:answer-text", text, KAI,
                                                      as_message(question, DM), dm=DM))
        return await fake_discord.wait_for(lambda r: any(t.startswith("Question ") for t in r.titles())
                                           or "moved past" in r.text(), since=mark), mark

    for _ in range(3):  # a model answer is strong, so its follow-up comes (a weak grade would ask again)
        first, second = await open_form(question), await open_form(question)
        answer = bank_answer(services, question.embeds()[0]["description"])
        question, _ = await submit(first, question, answer)
        if "follow-up 1" in question.titles()[0]:
            break
    assert "· follow-up 1" in question.titles()[0], question.titles()

    late = "My answer to the main question, written in the second form. @everyone"
    notice, mark = await submit(second, question, late)
    assert "moved past" in notice.text() and "the follow-up to question" in notice.text()
    assert "written in the second form" in notice.text()  # handed back, nothing lost
    assert not any(titled("Feedback")(r) or titled("Question 2")(r) for r in fake_discord.requests[mark:])

    follow_form = await open_form(question)  # the follow-up's own form is graded as the follow-up
    assert follow_form.endswith(":f1")
    await submit(follow_form, question, "It scales by caching keys and batching the requests.")
    await fake_discord.wait_for(lambda r: titled("Feedback · Question 1 of 3 · follow-up 1")(r), since=mark)
    assert_mention_safe(fake_discord.requests)


async def test_an_answer_form_submitted_after_a_restart_is_graded(intentless_bot, fake_discord, coach, services):
    """discord.py drops a submit for a form it does not hold; the coach reads forms by custom_id, so an
    answer written slowly, or across a restart, is not lost."""
    state = intentless_bot._connection
    state.parse_interaction_create(p.command("interview", KAI, {"track": "nlp-engineer", "length": 3}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1 of 3")(r))
    shown = as_message(question, DM)
    answer_id = next(c["custom_id"] for row in question.data["components"] for c in row["components"]
                     if c["custom_id"].startswith("coach:answer:"))
    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button(answer_id, KAI, shown, dm=DM))
    modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9, since=mark)
    form = modal.data["custom_id"]
    await intentless_bot.close()  # the person is still writing when the bot restarts

    restarted = await logged_in_bot(coach, message_content=False)
    try:
        mark = len(fake_discord.requests)
        answer = bank_answer(services, question.embeds()[0]["description"])
        restarted._connection.parse_interaction_create(p.modal_submit(form, "coach:answer-text", answer, KAI,
                                                                      shown, dm=DM))
        feedback = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Feedback · Question 1 of 3")(r), since=mark)
        assert feedback.embeds()[0]["description"].startswith("**Score: ")
    finally:
        await restarted.close()


async def test_without_the_intent_the_daily_is_answered_by_form_and_graded_privately(intentless_bot, fake_discord,
                                                                                     services):
    bot, state = intentless_bot, intentless_bot._connection
    fake_discord.guild_of[p.CHANNEL_ID] = p.GUILD_ID
    state._add_guild_from_data(p.guild_create())
    await set_daily(bot, fake_discord, MOD)
    post, thread_id = await post_daily(bot, fake_discord)
    footer = post.embeds()[0]["footer"]["text"]
    assert "Press Answer" in footer and "only to you" in footer and "DM" not in footer

    shown = as_message(post, p.CHANNEL_ID)
    shown.update(id=str(thread_id), guild_id=str(p.GUILD_ID))  # the post (its thread has its id)
    mark = len(fake_discord.requests)
    state.parse_interaction_create(p.button("coach:daily-answer", KAI, shown, **WHERE))
    modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9, since=mark)
    mark = len(fake_discord.requests)
    answer = bank_answer(services, post.embeds()[0]["description"])
    state.parse_interaction_create(p.modal_submit(modal.data["custom_id"], "coach:answer-text", answer, KAI, shown,
                                                  **WHERE))
    feedback = await fake_discord.wait_for(titled("Your feedback"), since=mark)
    assert is_followup(feedback) and feedback.shown_privately

    mark = len(fake_discord.requests)  # a form sent on a post that is no daily gives the typed text back
    stray = dict(shown, id=str(thread_id + 5))
    state.parse_interaction_create(p.modal_submit(modal.data["custom_id"], "coach:answer-text",
                                                  "My careful answer about BM25 saturation.", KAI, stray, **WHERE))
    back = await fake_discord.wait_for(lambda r: "did not grade it" in r.text(), since=mark)
    assert "My careful answer about BM25 saturation." in back.text() and back.shown_privately

    mark = len(fake_discord.requests)  # a mention gets the way that works without the intent
    state.parse_message_create(p.message(p.CHANNEL_ID, KAI, f"<@{p.BOT_ID}> how do I answer?", guild_id=p.GUILD_ID,
                                         mentions=[p.BOT_USER]))
    pointer = await fake_discord.wait_for(lambda r: r.path == f"/channels/{p.CHANNEL_ID}/messages", since=mark)
    assert "Answer button" in pointer.text() and "thread" not in pointer.text()
    assert_mention_safe(fake_discord.requests)
