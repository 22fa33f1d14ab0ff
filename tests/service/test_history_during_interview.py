"""`history` during an interview lists the tries already graded at the question being asked.

A question goes to the stored history when it finishes; its tries until then live in the session.
History shows both, and a try is never listed twice: once its question finishes (or the interview
ends), only the stored row is left.
"""
from __future__ import annotations

import itertools

from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.engine.start_args import topic_name

WEAK = "I am not sure, maybe it is something about vectors."
_ids = itertools.count(1)


def say(key: ConversationKey, text: str) -> Event:
    return Event(key, EventKind.text, text=text, message_id=f"h{next(_ids)}")


def table(replies: list[r.Reply]) -> r.TableReply:
    [reply] = replies
    assert isinstance(reply, r.TableReply), reply
    return reply


def now_rows(reply: r.TableReply) -> list[tuple[str, ...]]:
    return [row for row in reply.rows if row[3].startswith("(now")]


async def test_history_lists_the_current_questions_graded_tries_once(coach):
    key = ConversationKey(UserRef("slack", "W-hist", "U-hist"), "D-hist")
    started = await coach.handle(Event(key, EventKind.command, name="start", message_id="h-start",
                                       args={"track": "llm-engineer", "level": "mid", "length": "3"}))
    q1 = next(x for x in started if isinstance(x, r.QuestionReply))
    question = coach.questions[q1.question_id]

    first = await coach.handle(say(key, WEAK))
    [graded] = [x for x in first if isinstance(x, r.FeedbackReply)]
    shown = table(await coach.handle(say(key, "history")))
    assert now_rows(shown) == list(shown.rows) and len(shown.rows) == 1, "the weak first try is listed"
    assert shown.rows[0][1] == topic_name(question.topic) and shown.rows[0][2] == f"{graded.feedback.score:.1f}"
    assert question.question.split()[0] in shown.rows[0][3]
    assert "(now)" in shown.footer

    second = await coach.handle(say(key, WEAK + " Also embeddings."))  # the second try ends question 1
    assert [x.number for x in second if isinstance(x, r.QuestionReply)][-1] == 2
    shown = table(await coach.handle(say(key, "history")))
    assert len(shown.rows) == 1 and not now_rows(shown), "question 1 is in history once, as finished"
    assert "added as each question finishes" in shown.footer

    await coach.handle(say(key, coach.questions[q1.question_id].model_answer))  # a try at question 2
    shown = table(await coach.handle(say(key, "history")))
    assert len(now_rows(shown)) == 1 and len(shown.rows) == 2

    await coach.handle(Event(key, EventKind.command, name="end", message_id="h-end"))
    shown = table(await coach.handle(say(key, "history")))
    stored = await coach.deps.store.history.history(key.user, 10)
    assert len(shown.rows) == len(stored) == 2 and not now_rows(shown), "no try is listed twice after the end"
    assert not shown.footer
