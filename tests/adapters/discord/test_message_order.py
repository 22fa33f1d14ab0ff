"""DM messages that arrive in quick succession take effect in the order they were sent.

The gateway hands them in one after another (three MESSAGE_CREATEs in a row); each is handled while
the one before is still being graded.
"""
from __future__ import annotations

from . import payloads as p
from .helpers import titled

DM = 930000000000000777
EVE = p.user(177, "eve", "Eve")
WEAK = "I am not sure, maybe it is something about vectors."
NEXT = "My answer to the next question: tokens are split with byte pair encoding merges."


async def started(bot, fake, services, dm: int, who: dict):
    """The first question of a 3-question interview, from a typed `start`."""
    mark = len(fake.requests)
    bot._connection.parse_message_create(p.message(dm, who, "start llm mid 3"))
    first = await fake.wait_for(titled("Question 1 of 3"), since=mark)
    text = first.embeds()[0]["description"]
    return next(q for q in services.pack.questions if q.question.strip() in text.replace("\\", ""))


def titles_after(fake, mark: int) -> list[str]:
    return [t for req in fake.requests[mark:] for t in req.titles()]


async def until(fake, mark: int, done) -> None:
    """Until what was sent since `mark` satisfies `done` (the fake's bounded wait)."""
    await fake.wait_for(lambda _req: done(fake.requests[mark:]), since=mark)


def feedbacks(requests) -> list[str]:
    return [t for req in requests for t in req.titles() if t.startswith("Feedback")]


async def test_answer_skip_answer_in_a_row_are_handled_in_order(discord_bot, fake_discord, services):
    await started(discord_bot, fake_discord, services, DM, EVE)
    mark = len(fake_discord.requests)
    for text in (WEAK, "skip", NEXT):
        discord_bot._connection.parse_message_create(p.message(DM, EVE, text))
    # both orders end with a question after two feedbacks and a skip
    await until(fake_discord, mark, lambda reqs: len(feedbacks(reqs)) == 2 and any("Skipped" in r.text() for r in reqs)
                and reqs[-1].titles() and reqs[-1].titles()[0].startswith("Question"))
    sent = fake_discord.requests[mark:]
    assert feedbacks(sent) == ["Feedback · Question 1 of 3", "Feedback · Question 2 of 3"]
    skipped = [req for req in sent if "Skipped" in req.text()]
    assert len(skipped) == 1 and skipped[0].titles()[0].startswith("Question 2 of 3"), \
        "the skip applies to question 1's second try"


async def test_answer_command_answer_in_a_row_are_handled_in_order(discord_bot, fake_discord, services):
    """QA saw `hint` between two answers shown for question 3, after the second answer had ended question 2.
    `repeat` says by its title which question it acted on, whatever the question's hints are."""
    dm, who = DM + 1, p.user(178, "ivy", "Ivy")
    await started(discord_bot, fake_discord, services, dm, who)
    mark = len(fake_discord.requests)
    for text in (WEAK, "repeat", WEAK + " Also something about embeddings."):
        discord_bot._connection.parse_message_create(p.message(dm, who, text))
    await until(fake_discord, mark, lambda reqs: len(feedbacks(reqs)) == 2
                and sum(t.startswith("Question") for r in reqs for t in r.titles()) == 3
                and reqs[-1].titles() and reqs[-1].titles()[0].startswith("Question"))
    sent = fake_discord.requests[mark:]
    assert feedbacks(sent) == ["Feedback · Question 1 of 3", "Feedback · Question 1 of 3 · second try"]
    questions = [t for t in titles_after(fake_discord, mark) if t.startswith("Question")]
    assert [q.split(" · ")[:2] for q in questions[:2]] == [["Question 1 of 3", "second try"]] * 2, \
        "the repeat shows question 1's second try, the question it was sent on"
    assert questions[2].startswith("Question 2 of 3")
