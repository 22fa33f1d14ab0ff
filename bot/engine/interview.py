"""The mock interview as a state machine (diagram: interview.mmd beside this file).

`step(session, intent, ctx)` is pure apart from the grader it is given: it
returns the new session (None when the interview is over), the replies, and
the questions that finished in this step (for history and review).

    state      event      ->  what happens
    ---------  ---------      ------------------------------------------------
    none       start          choose questions, ask the first         -> main
    main       answer         grade; weak -> hint, one more try       -> retry
                                     partial -> probe a missed point   -> followup
                                     strong  -> a deeper follow-up     -> followup
    retry      answer         grade; still weak -> model answer, next -> main
                                     otherwise as a main answer
    followup   answer         grade; strong and < MAX_FOLLOWUPS -> deeper, else next
    any        hint           the next hint for the current question
    any        skip           model answer, next question             -> main
    any        repeat         the current question again
    any        end            summary                                 -> none
    any        a command gone wrong ("hint quantum", "start quantum junior 2", "timezone UTC+5"):
                              its usage, the question again, no try spent
    any        no answer in it (no text, only emoji or pings, only code, only instructions to the
               grader, not English; not_graded.py): why nothing was graded, no try spent
    last question done        summary                                 -> none

Start and answer are here; the other events' transitions are in question_actions.py,
moving between questions in turns.py, and what a step is given and returns in context.py.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from bot.engine import replies as r
from bot.engine.misread_commands import Misread, misread_command, question_texts
from bot.engine.not_graded import NO_TEXT, placed, unreadable_notes
from bot.engine.commands import misread_timezone
from bot.engine.context import Context, Intent, Outcome
from bot.engine.followup_choice import pick_followup
from bot.engine.next_steps import interview_step
from bot.engine.question_actions import end, hint, model_answer, next_hint, repeat, skip
from bot.engine.question_ref import moved_past
from bot.engine.quotes import as_typed
from bot.engine.render_text import defuse_mentions, plural
from bot.engine.selection import choose_questions
from bot.engine.session import Attempt, Session, Stage
from bot.engine.start_args import TOPICS, misread_start, start_help, start_or_settings, unreadable_start
from bot.engine.turns import ask, finish_question, next_question, no_question_open
from bot.grading.scoring import OFF_TOPIC_NOTE, SHORT_UNPLACED_NOTE

STRONG = 7.0
WEAK = 3.5
MAX_FOLLOWUPS = 2
DEFAULTS = {"track": "mixed", "level": "mid", "length": "5"}
LEVELS = ("junior", "mid", "senior")
TRACKS = {"nlp-engineer", "llm-engineer", "ai-engineer", "system-design", "behavioral", "mixed"}
ALREADY_RUNNING = "An interview is already running. Answer the question, or say `end` to finish it first."


def start(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is not None:
        return Outcome(session, [r.Notice(ALREADY_RUNNING, tone="warning", private=ctx.private), ask(session, ctx)])
    choice = {**DEFAULTS, **{k: v for k, v in ctx.prefs.items() if k in DEFAULTS}, **intent.args}
    length = int(choice["length"]) if str(choice["length"]).strip().isdigit() else int(DEFAULTS["length"])
    length = max(1, min(length, 10))
    if choice["level"] not in LEVELS or choice["track"] not in TRACKS:
        return Outcome(None, [r.Notice("I know the tracks " + ", ".join(sorted(TRACKS)) + " and the levels "
                                       + ", ".join(LEVELS) + ". For example: `start llm senior 5`.",
                                       tone="warning", private=ctx.private)])
    topic = intent.args.get("topic", "")
    if topic and topic not in TOPICS:
        return Outcome(None, [r.Notice(f"I know the topics {', '.join(TOPICS)}. For example: `start rag`.",
                                       tone="warning", private=ctx.private)])
    ids = choose_questions(list(ctx.questions.values()), choice["track"], choice["level"], length,
                           ctx.profile, ctx.rng, TOPICS.get(topic, ()))
    if not ids:
        on = f" on {topic}" if topic else ""
        other = f"`start mixed {choice['level']} {topic}`" if topic else "`start mixed mid`"
        return Outcome(None, [r.Notice(f"I have no {choice['level']} questions{on} for the {choice['track']} track "
                                       f"yet. Try another track or level, e.g. {other}.",
                                       tone="warning", private=ctx.private)])
    session = Session(track=choice["track"], level=choice["level"], length=len(ids), queue=ids,
                      started_at=ctx.now, topic=topic)
    at_level = sum(ctx.questions[q].level.value == choice["level"] for q in ids)
    shortfall = [f"I have {len(ids)} that fit, not the {length} asked for"] if len(ids) < length else []
    if at_level < len(ids):  # a topic or track short of the level: say so, not only the count
        shortfall.append(f"{at_level} at {choice['level']} level, the rest from other levels")
    fewer = f" ({'; '.join(shortfall)})" if shortfall else ""
    on = f", on {topic}" if topic else ""
    intro = (f"Mock interview: {choice['track']} track, {choice['level']} level{on}, "
             f"{plural(len(ids), 'question')}{fewer}. "
             "Answer in your own words; say `hint`, `skip`, `repeat` or `end` at any time.")
    return next_question(session, ctx, Outcome(session), preface=intro)


# -- answering ---------------------------------------------------------------

_SETTING_WORD = re.compile(r"\b(?:track|level|length)=", re.I)


def answer(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    if session is None or session.turn is None:
        return no_question_open(session, intent, ctx)
    if not intent.text.strip():  # an image, a file or a sticker: nothing to grade, so no try is spent
        return Outcome(session, [r.Notice(NO_TEXT, private=ctx.private)])
    gone_wrong = command_gone_wrong(session, intent.text, ctx)
    if gone_wrong is not None:
        return gone_wrong
    misread = misread_command(intent.text, _asked_about(session, ctx))  # "hint quantum", or an answer
    turn, q = session.turn, ctx.questions[session.turn.question_id]
    if turn.stage == Stage.followup:
        followup = q.followups[turn.followup_index] if turn.followup_index is not None else None
        point = next((p for p in q.rubric if p.id == turn.probe_point), None) if followup is None else None
        feedback = ctx.grading.grade(q, intent.text, followup=followup, point=point)
        prompt = turn.followup_text
    else:
        feedback = ctx.grading.grade(q, intent.text)
        prompt = q.question
    if misread is not None and not placed(feedback):  # the grader could not tie it to the question either
        return misread_command_reply(session, misread, ctx)
    unreadable = unreadable_notes(feedback, intent.text)
    if unreadable:  # nothing was graded (no words, not English, only code...), so no try is spent
        return Outcome(session, [r.Notice(" ".join(unreadable) + " Your try is still open.", private=ctx.private)])
    covered = [p.point for p in feedback.points if p.status != "missed"]
    missed = [p.point for p in feedback.points if p.status == "missed"]
    partial = [p.point for p in feedback.points if p.status == "partial"]
    cited = {p.point: p.citation.section_id for p in feedback.points if p.citation}
    turn.attempts.append(Attempt(turn.stage.value, prompt, feedback.score, covered, missed, feedback.grader,
                                 partial=partial, cited=cited, hints=turn.hints_used,
                                 misconceptions=[m.claim for m in feedback.misconceptions]))
    step_text, depth_asked = interview_step(feedback, intent.text, story=q.kind.value == "behavioral",
                                            followup=turn.stage == Stage.followup, asked=session.depth_asked)
    session.depth_asked += [depth_asked] if depth_asked else []
    points = [dataclasses.replace(p, evidence=as_typed(p.evidence, intent.text)) if p.evidence else p
              for p in feedback.points]
    feedback = dataclasses.replace(feedback, next_step=step_text, points=points)
    graded = r.FeedbackReply(feedback, session.number, session.length, stage=turn.stage.value,
                             followup=turn.followups_used if turn.stage == Stage.followup else 0,
                             private=ctx.private)
    out = Outcome(session, [graded])

    weak, strong = feedback.score < WEAK, feedback.score >= STRONG
    if turn.stage == Stage.main and weak:
        turn.stage = Stage.retry
        hint = next_hint(q, turn)
        if hint is None:
            _without_retry_words(out, RETRY_WITHOUT_HINT)
        out.replies.append(ask(session, ctx, preface="Not quite there yet. " + (f"Hint: {hint} " if hint else "")
                               + "Have another go:"))
        return out
    if turn.stage == Stage.retry and weak:
        _without_retry_words(out, MOVING_ON)
        out.replies.append(r.Notice("Here is how a strong answer could go:", private=ctx.private))
        out.replies.append(r.ModelAnswerReply(q.id, q.question, q.model_answer, private=ctx.private))
        finish_question(session, ctx, out)
        return next_question(session, ctx, out, preface="Next question:")
    if (turn.stage == Stage.followup and not strong) or turn.followups_used >= MAX_FOLLOWUPS:
        _without_retry_words(out, MOVING_ON)
        finish_question(session, ctx, out)
        return next_question(session, ctx, out, preface="Next question:")
    index, point, probe = pick_followup(q, turn, strong, feedback)
    if index is None and point is None:
        _without_retry_words(out, MOVING_ON)
        finish_question(session, ctx, out)
        return next_question(session, ctx, out, preface="Next question:")
    turn.stage = Stage.followup
    turn.followup_index, turn.probe_point = index, (point.id if point else None)
    turn.followup_hints = 0
    if index is not None:
        turn.ladder_used.append(index)
        written = ctx.followups.write(q, intent.text, q.followups[index]) if strong and ctx.followups else None
        turn.followup_text = written or q.followups[index].question
    else:
        turn.followup_text = probe
    preface = "Good answer. Going deeper:" if strong else "A follow-up:"
    out.replies.append(ask(session, ctx, preface=preface))
    return out


# -- commands gone wrong ---------------------------------------------------------

AN_ANSWER_IS_A_SENTENCE = "If that was your answer, write it as a sentence and I'll grade it; this spent no try."


def command_gone_wrong(session: Session, text: str, ctx: Context) -> Outcome | None:
    """A message that starts like a command but does not read as one is a command gone wrong, not an answer:
    what the command takes, and no try spent (None for an answer). Slack, Discord and the terminal all
    come here, so they read such messages alike."""
    # "settings track=wizard" is no answer; "Start with k1=1.2 and b=0.75" is one
    unread = unreadable_start(text) if _SETTING_WORD.search(text) else []
    if unread:
        return Outcome(session, [r.Notice(defuse_mentions(start_help(unread, start_or_settings(text))),
                                          tone="warning", private=ctx.private)])
    unread = misread_start(text)  # "start quantum junior 2": a start, with a word it could not read
    if unread:
        return Outcome(session, [r.Notice(defuse_mentions(f"{ALREADY_RUNNING} {start_help(unread)}"),
                                          tone="warning", private=ctx.private), ask(session, ctx)])
    usage = misread_timezone(text)  # "timezone UTC+5": a command gone wrong
    if usage:
        return Outcome(session, [r.Notice(f"{usage} This spent no try.", tone="warning", private=ctx.private),
                                 ask(session, ctx)])
    return None


def misread_command_reply(session: Session, misread: Misread, ctx: Context) -> Outcome:
    """"hint quantum", "skip quantum", "settings quantum", a bare "start quantum": what the command takes,
    the question again and no try spent. It may have been a short answer, so it says how to send one.
    Asked only when the grader gave it nothing: a short answer it could tie to the question is graded."""
    if misread.command == "start":  # "statr quantum" says what was meant first, as every slip does
        usage = f"{misread.did_you_mean}{ALREADY_RUNNING} {start_help(misread.unread)}"
    elif misread.command == "settings":  # your defaults for `start`
        usage = misread.did_you_mean + start_help(misread.unread, "settings")
    else:
        usage = misread.usage(ctx.channels)
    return Outcome(session, [r.Notice(defuse_mentions(f"{usage} {AN_ANSWER_IS_A_SENTENCE}"), tone="warning",
                                      private=ctx.private), ask(session, ctx)])


def _asked_about(session: Session, ctx: Context) -> Iterator[str]:
    """The texts of the follow-up being asked and of every bank question: a short answer that names a term
    of the field is an answer ("skip gram", "stop sequences", "history truncation" were taken for commands
    when only the current question's words counted)."""
    yield session.turn.followup_text or ""
    for q in ctx.questions.values():
        yield from question_texts(q)


# The grader's notes on an answer it could not place invite another try with a hint. Said again when the
# coach moves on (no try left) or has no hint to give, they would promise what does not come.
MOVING_ON = {
    OFF_TOPIC_NOTE: "This answer does not seem to address the question, so it earned no points.",
    SHORT_UNPLACED_NOTE: "I could not tie this short answer to the question, so it earned no points.",
}
RETRY_WITHOUT_HINT = {OFF_TOPIC_NOTE: "This answer does not seem to address the question, so it earns no points "
                                      "yet. Re-read the question and try again."}


def _without_retry_words(out: Outcome, rewrites: dict[str, str]) -> None:
    for i, reply in enumerate(out.replies):
        if isinstance(reply, r.FeedbackReply) and any(n in rewrites for n in reply.feedback.notes):
            notes = [rewrites.get(n, n) for n in reply.feedback.notes]
            out.replies[i] = dataclasses.replace(reply, feedback=dataclasses.replace(reply.feedback, notes=notes))


TRANSITIONS = {
    "start": start,
    "answer": answer,
    "hint": hint,
    "skip": skip,
    "repeat": repeat,
    "end": end,
    "model-answer": model_answer,
}


# Buttons that act on the question they were shown with. A press that names another question, or
# another part of this one (question_ref.py: a double click on Skip, a button scrolled back to, a Skip
# pressed under the main question while its answer was being graded into a follow-up) must not act on
# what is asked now. End names the question only: under the main question or its follow-up it ends the
# same interview; it must not end the next interview, though (typed `end` names no question).
QUESTION_BUTTONS = ("hint", "skip", "model-answer", "end")


def step(session: Session | None, intent: Intent, ctx: Context) -> Outcome:
    stale = (session is not None and session.turn is not None
             and moved_past(intent.args, session.turn, any_part=intent.name == "end"))
    if stale and intent.name in QUESTION_BUTTONS:
        return Outcome(session, [r.Notice(f"That button belongs to a question you have moved past; you are on "
                                          f"{_asked_now(session)} now, so I left it alone.",
                                          private=ctx.private)])
    if stale and intent.name == "answer" and intent.text.strip():
        # An answer form opened under an earlier question: it was written for that one, so it is not
        # graded against this one, and the text comes back so that nothing typed is lost.
        return Outcome(session, [r.Notice(f"That answer form belongs to a question you have moved past, so I "
                                          f"did not grade it against {_asked_now(session)}. Here is what "
                                          f"you wrote, to reuse:\n\n{defuse_mentions(intent.text)}",
                                          private=ctx.private)])
    return TRANSITIONS[intent.name](session, intent, ctx)


def _asked_now(session: Session) -> str:
    if session.turn.stage == Stage.followup:
        return f"the follow-up to question {session.number}"
    return f"question {session.number}"
