"""What a person can do besides answering while an interview runs: ask for a hint, skip the question,
hear it again, see its model answer, or end the interview. The table of transitions is in interview.py."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.context import Context, Intent, Outcome
from bot.engine.followup_choice import OWN_ACTIONS_PROBE, followup_hints
from bot.engine.session import NO_INTERVIEW, Session, Stage, Turn
from bot.engine.summary import build_summary
from bot.engine.turns import ask, finish_question, next_question, no_question_open
from bot.pack.models import Question


def next_hint(q: Question, turn: Turn) -> str | None:
    if turn.stage == Stage.followup:
        hints = followup_hints(q, turn)
        if turn.followup_hints >= len(hints):
            return None
        turn.followup_hints += 1
        return hints[turn.followup_hints - 1]
    if turn.hints_used >= len(q.hints):
        return None
    turn.hints_used += 1
    return q.hints[turn.hints_used - 1]


DOUBLE_CLICK_SECONDS = 2.0  # a second Hint press sooner than this after one that showed a hint


def hint(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is None or session.turn is None:
        return no_question_open(session, intent, ctx)
    q = ctx.questions[session.turn.question_id]
    pressed = bool(intent.args.get("question_id"))  # a button, not a typed `hint`
    if pressed and 0 <= ctx.now - session.turn.hint_pressed_at < DOUBLE_CLICK_SECONDS:
        return Outcome(session, [r.Notice("I took that as a double click and kept your next hint for later. "
                                          "Press Hint again if you want it.", private=ctx.private)])
    text = next_hint(q, session.turn)
    if text is not None and pressed:
        session.turn.hint_pressed_at = ctx.now
    if text is None:
        turn = session.turn
        then = ("say `skip` to move on" if turn.stage == Stage.followup  # a follow-up has no model answer
                else "say `skip` to see a model answer")
        said = ("I have no further hint for this follow-up: it already says what a strong answer covers."
                if turn.stage == Stage.followup and turn.followup_hints == 0 else "That was the last hint for this one.")
        return Outcome(session, [r.Notice(f"{said} Give it your best try, or {then}.", private=ctx.private)])
    remaining = len(q.hints) - session.turn.hints_used if session.turn.stage != Stage.followup else 0
    return Outcome(session, [r.HintReply(text, max(remaining, 0), private=ctx.private)])


def skip(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is None or session.turn is None:
        return no_question_open(session, intent, ctx)
    return answered_and_moved_on(session, ctx)


def repeat(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is None or session.turn is None:
        return no_question_open(session, intent, ctx)
    return Outcome(session, [ask(session, ctx)])


def end(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is None:
        return Outcome(None, [r.Notice(NO_INTERVIEW, private=ctx.private)])
    out = Outcome(session)
    if session.turn is not None and session.turn.attempts:
        finish_question(session, ctx, out)
    session.queue.clear()
    if 0 < len(session.results) < session.length:  # the summary alone reads as if the interview were complete
        out.replies.append(r.Notice(ended_early(len(session.results), session.length), private=ctx.private))
    out.replies.append(build_summary(session, ctx.questions, ctx.sections, private=ctx.private))
    out.session = None
    return out


def ended_early(reached: int, length: int) -> str:
    """Said before the summary of an interview ended with questions never reached: they count nowhere."""
    left = length - reached
    return (f"You ended after {reached} of {length} questions; the {left} not reached "
            f"{'is' if left == 1 else 'are'} not in the scores.")


def model_answer(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    """The model answer of the question just finished or being asked, on request."""
    if session is None or session.turn is None:
        return no_question_open(session, intent, ctx)
    return answered_and_moved_on(session, ctx)


def answered_and_moved_on(session: Session, ctx: Context) -> Outcome:
    """`skip` and `answer` alike: what a strong answer says, the question counted as skipped, the next one
    introduced as skipped (it is, in the summary)."""
    out = Outcome(session, [shown_answer(session, ctx)])
    finish_question(session, ctx, out, skipped=True)
    return next_question(session, ctx, out, preface="Skipped. Next question:")


def shown_answer(session: Session, ctx: Context) -> r.ModelAnswerReply:
    """What a strong answer to the question being asked says: the model answer, or during a follow-up
    what a strong answer to the follow-up covers (the main question's model answer answers something else)."""
    turn, q = session.turn, ctx.questions[session.turn.question_id]
    if turn.stage != Stage.followup:
        return r.ModelAnswerReply(q.id, q.question, q.model_answer, private=ctx.private)
    followup = q.followups[turn.followup_index] if turn.followup_index is not None else None
    points = followup.rubric if followup else [p for p in q.rubric if p.id == turn.probe_point]
    text = ("A strong answer to this follow-up covers: " + " ".join(p.point for p in points) if points
            else "This follow-up has no model answer.")
    if turn.followup_text == OWN_ACTIONS_PROBE:  # "What did you do yourself?" asks for the speaker's steps
        text = ("A strong answer to this follow-up tells the steps that were yours, with \"I\": what you did, in "
                "what order and why. For this question: " + " ".join(p.point for p in points))
    return r.ModelAnswerReply(q.id, turn.followup_text, text, private=ctx.private)
