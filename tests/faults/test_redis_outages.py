"""Redis going away: mid-interview restarts lose nothing, outages get a clear reply, then recover."""
from __future__ import annotations

import pytest

from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.service.coach import STORE_DOWN

KEY = ConversationKey(UserRef("slack", "T-fault", "U-fault"), "D-fault")
GOOD = ("I would tell the model to answer only from the retrieved passages, cite them, and say it does not "
        "know when the passages do not contain the answer.")
PARTIAL = "Tell it to use the documents."


def text(body: str, mid: str) -> Event:
    return Event(KEY, EventKind.text, text=body, message_id=mid)


def command(name: str, mid: str, **args: str) -> Event:
    return Event(KEY, EventKind.command, name=name, args=args, message_id=mid)


def current_question(replies: list[r.Reply]) -> r.QuestionReply | None:
    questions = [x for x in replies if isinstance(x, r.QuestionReply)]
    return questions[-1] if questions else None


def feedback_count(replies: list[r.Reply]) -> int:
    return sum(isinstance(x, r.FeedbackReply) for x in replies)


async def interview_script(coach, outage=None) -> tuple[list, list[r.QuestionReply]]:
    """Start, answer, (outage), answer again; returns the history and the questions seen."""
    seen = [current_question(await coach.handle(command("start", "r1", track="llm-engineer", level="junior",
                                                        length="5")))]
    seen.append(current_question(await coach.handle(text(GOOD, "r2"))))
    if outage is not None:
        await outage(coach)
    seen.append(current_question(await coach.handle(command("repeat", "r5"))))
    seen.append(current_question(await coach.handle(text(PARTIAL, "r6"))))
    seen.append(current_question(await coach.handle(text(GOOD, "r7"))))
    seen.append(current_question(await coach.handle(Event(KEY, EventKind.button, name="skip", message_id="r8"))))
    history = await coach.deps.store.history.history(KEY.user, 50)
    return [(h.question_id, h.score, h.feedback.get("skipped")) for h in reversed(history)], seen


@pytest.mark.parametrize("crash", [False, True], ids=["sigterm", "sigkill"])
async def test_a_restart_mid_interview_resumes_the_session_and_keeps_every_answer(
        own_runtime, own_redis, runtime, crash):
    async def restart(coach):
        own_redis.stop(crash=crash)
        down = await coach.handle(text(PARTIAL, "r3"))
        assert [type(x) for x in down] == [r.Notice] and down[0].text == STORE_DOWN  # told, not crashed
        own_redis.start()  # same port, same data dir
        status = await coach.handle(command("status", "r4"))
        assert "in progress" in " ".join(getattr(x, "text", "") for x in status).lower()

    # the same script on a Redis that never went away: the coach is deterministic under the fake clock
    expected_history, expected_seen = await interview_script(runtime.coach)
    history, seen = await interview_script(own_runtime.coach, restart)
    assert len(expected_history) >= 2 and all(q is not None for q in seen)
    assert history == expected_history, "an answer was lost or counted twice across the restart"
    assert [(q.question_id, q.number, q.stage) for q in seen] == \
        [(q.question_id, q.number, q.stage) for q in expected_seen]
    assert (seen[2].question_id, seen[2].number) == (seen[1].question_id, seen[1].number)  # resumed in place


async def test_an_unreachable_redis_gets_a_kind_reply_for_every_kind_of_event_and_recovers(own_runtime, own_redis):
    coach = own_runtime.coach
    own_redis.stop()
    events = [text("start", "u1"), command("start", "u2", track="mixed"), text(GOOD, "u3"), command("hint", "u4"),
              Event(KEY, EventKind.button, name="skip", message_id="u5"), command("leaderboard", "u6", period="week"),
              command("forget", "u7"), text("status", ""), command("daily", "u8")]
    for event in events:
        replies = await coach.handle(event)
        assert len(replies) == 1 and isinstance(replies[0], r.Notice), (event, replies)
        assert replies[0].tone == "error" and replies[0].private
        assert "again" in replies[0].text  # it says what to do

    own_redis.start()
    # the refused deliveries were not claimed: a platform retry of u2 is handled, not dropped as a duplicate
    started = await coach.handle(command("start", "u2", track="mixed"))
    assert current_question(started) is not None
    assert feedback_count(await coach.handle(text(GOOD, "u9"))) == 1


async def test_the_ops_readiness_follows_redis_down_and_up(own_runtime, own_redis):
    import aiohttp

    from bot.ops.server import bound_port, start_ops_server

    runner = await start_ops_server(own_runtime, 0, host="127.0.0.1")
    url = f"http://127.0.0.1:{bound_port(runner)}/readyz"
    statuses = []
    try:
        async with aiohttp.ClientSession() as http:
            for action in (None, own_redis.stop, own_redis.start):
                if action:
                    action()
                async with http.get(url) as resp:
                    statuses.append((resp.status, await resp.text()))
    finally:
        await runner.cleanup()
    assert [s for s, _ in statuses] == [200, 503, 200], statuses
    assert "redis" in statuses[1][1]


async def test_a_command_whose_turn_lost_the_store_takes_effect_once_with_the_next_message(
        own_runtime, own_redis, redis_stops_while_grading):
    """The store goes away mid-turn of a `skip` (while an answer kept from before is graded): both
    stay journaled, the person is told the skip is noted, and the next message takes them in, once
    each and in order, before its own."""
    from bot.service.interview_turns import KEPT_COMMAND

    coach = own_runtime.coach
    key = ConversationKey(UserRef("slack", "T-fault", "U-midturn"), "D-midturn")
    started = await coach.handle(Event(key, EventKind.command, name="start", message_id="m1",
                                       args={"track": "llm-engineer", "level": "junior", "length": "3"}))
    first = current_question(started)
    await coach.deps.store.journal.record_incoming(key, GOOD, "m0")  # an answer a dead turn left behind
    redis_stops_while_grading(coach)
    [noted] = await coach.handle(Event(key, EventKind.command, name="skip", message_id="m2"))
    assert noted.text == KEPT_COMMAND.format(word="skip")
    own_redis.start()
    replies = await coach.handle(Event(key, EventKind.command, name="repeat", message_id="m3"))
    assert feedback_count(replies) == 1, "the kept answer is graded, once"
    shown = [(q.number, q.stage) for q in replies if isinstance(q, r.QuestionReply)]
    assert shown[-2:] == [(2, "main"), (2, "main")], "skipped once, then repeated"
    history = await coach.deps.store.history.history(key.user, 10)
    assert [h.question_id for h in history] == [first.question_id]
    assert await coach.deps.store.journal.pending(key.user) == []
