"""Without the message content intent: the Answer button opens a modal, and its text is graded."""
from __future__ import annotations

from . import payloads as p
from .helpers import as_message, assert_mention_safe, bank_answer, is_followup, titled

DM = 930000000000000888
KAI = p.user(401, "kai", "Kai")


async def test_answer_button_opens_a_modal_whose_answer_is_graded(intentless_bot, fake_discord, services):
    state = intentless_bot._connection
    state.parse_interaction_create(p.command("interview", KAI, {"track": "nlp-engineer", "length": 3}, dm=DM))
    question = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Question 1/3")(r))
    buttons = [c["custom_id"] for row in question.data["components"] for c in row["components"]]
    answer_button = next(b for b in buttons if b.startswith("coach:answer:"))

    mark = len(fake_discord.requests)
    shown = as_message(question, DM)
    state.parse_interaction_create(p.button(answer_button, KAI, shown, dm=DM))
    modal = await fake_discord.wait_for(lambda r: r.path.endswith("/callback") and r.body["type"] == 9, since=mark)
    assert modal.data["custom_id"] == "coach:answer-form"

    mark = len(fake_discord.requests)
    answer = bank_answer(services, question.embeds()[0]["description"])
    state.parse_interaction_create(p.modal_submit("coach:answer-form", "coach:answer-text", answer, KAI, shown, dm=DM))
    feedback = await fake_discord.wait_for(lambda r: is_followup(r) and titled("Feedback 1/3")(r), since=mark)
    assert feedback.embeds()[0]["description"].startswith("**Score: ")
    assert_mention_safe(fake_discord.requests)
