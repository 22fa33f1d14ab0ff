"""Moving through an interview's questions: asking one, finishing one and going on to the next, and
what a message gets when no question is being asked."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.command_typos import misspelt_start
from bot.engine.commands import usage_where
from bot.engine.context import Context, Intent, Outcome
from bot.engine.misread_commands import misread_command
from bot.engine.render_text import defuse_mentions
from bot.engine.session import NO_INTERVIEW, Result, Session, Stage, Turn
from bot.engine.start_args import start_help, start_or_settings, topic_name, unreadable_start
from bot.engine.summary import build_summary


def ask(session: Session, ctx: Context, preface: str = "") -> r.QuestionReply:
    turn = session.turn
    q = ctx.questions[turn.question_id]
    if turn.stage == Stage.followup:
        text = turn.followup_text
    else:
        text = q.question
    return r.QuestionReply(question_id=q.id, text=text, number=session.number, total=session.length,
                           topic=topic_name(q.topic), level=q.level.value, stage=turn.stage.value, preface=preface,
                           followup=turn.followups_used + 1 if turn.stage == Stage.followup else 0,
                           private=ctx.private)


def next_question(session: Session, ctx: Context, out: Outcome, preface: str = "") -> Outcome:
    while session.queue and session.queue[0] not in ctx.questions:  # the pack changed under a saved session
        session.queue.pop(0)
    if not session.queue:
        out.replies.append(build_summary(session, ctx.questions, ctx.sections, private=ctx.private))
        out.session = None
        return out
    session.number += 1
    session.turn = Turn(question_id=session.queue.pop(0))
    out.replies.append(ask(session, ctx, preface))
    out.session = session
    return out


def finish_question(session: Session, ctx: Context, out: Outcome, skipped: bool = False) -> None:
    turn = session.turn
    if turn is None:
        return
    q = ctx.questions.get(turn.question_id)
    covered = sorted({p for a in turn.attempts for p in a.covered})
    missed = sorted({p for a in turn.attempts for p in a.missed} - set(covered))
    mains = [a for a in turn.attempts if a.stage != Stage.followup.value]
    counted = max(reversed(mains), key=lambda a: a.score) if mains else None  # the latest of the best
    strong = [p for p in counted.covered if p not in counted.partial] if counted else []
    full = {p for a in turn.attempts for p in a.covered if p not in a.partial}
    partial = sorted({p for a in turn.attempts for p in a.partial} - full)
    cited = {p: section for a in reversed(turn.attempts) for p, section in a.cited.items()}
    result = Result(question_id=turn.question_id, topic=q.topic if q else "", score=turn.main_score,
                    followups=[a.score for a in turn.attempts if a.stage == Stage.followup.value],
                    covered=covered, missed=missed, skipped=skipped and turn.main_score is None, strong=strong,
                    partial=partial, cited=cited, hints=counted.hints if counted else 0,
                    followups_skipped=int(skipped and turn.stage == Stage.followup),
                    misconceptions=list(dict.fromkeys(m for a in turn.attempts for m in a.misconceptions)))
    session.results.append(result)
    session.turn = None
    if q is not None:
        out.finished.append((result, q))


def no_question_open(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    """An answer, hint, skip, repeat or model answer with no question being asked."""
    unread = unreadable_start(intent.text)  # "start nlp wizard": a start the user mistyped
    if unread:
        return Outcome(session, [r.Notice(defuse_mentions(start_help(unread, start_or_settings(intent.text))),
                                          tone="warning", private=ctx.private)])
    meant = misspelt_start(intent.text)
    if meant:
        return Outcome(session, [r.Notice(defuse_mentions(f"Did you mean `{meant}`? Say it that way to begin."),
                                          tone="warning", private=ctx.private)])
    usage = usage_where(intent.text, ctx.channels)  # "group explode", "timezone is hard", "daily set foo"
    if usage:
        return Outcome(session, [r.Notice(usage, tone="warning", private=ctx.private)])
    # "strak quantum", "groups foo": that command's usage, as an interview or a daily thread gives it. With no
    # question there is no answer it could be, so no text makes it one; "hint quantum" has nothing to act on.
    misread = misread_command(intent.text, ())
    if misread is not None and not misread.needs_an_interview:
        return Outcome(session, [r.Notice(defuse_mentions(misread.usage(ctx.channels)), tone="warning", private=ctx.private)])
    return Outcome(session, [r.Notice(NO_INTERVIEW, private=ctx.private)])
