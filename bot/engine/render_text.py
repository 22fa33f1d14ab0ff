"""Every reply as plain text (light markdown): the terminal and every fallback use it."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import singledispatch

from bot.engine import replies as r
from bot.engine.followup_choice import what_a_strong_answer_says
from bot.engine.quotes import quote
from bot.grading.feedback import FALLBACK_NOTE, Feedback

MASS_MENTION = re.compile(r"@(?=(everyone|here|channel)\b)", re.I)
ZWSP = "\u200b"


def defuse_mentions(text: str) -> str:
    """Break @everyone / @here / @channel (and Slack's <!...> forms) so echoed text cannot ping."""
    text = MASS_MENTION.sub("@" + ZWSP, text)
    return text.replace("<!", "<" + ZWSP + "!").replace("<@", "<" + ZWSP + "@")


def text_width(text: str) -> int:
    """The columns `text` takes in a monospace font: a zero-width space (what `defuse_mentions` adds),
    other format characters and combining marks take none, a wide or fullwidth character ("＠", "名")
    takes two. Padding by `len` would shift every column after a defused name."""
    return sum(0 if unicodedata.category(ch) in ("Cf", "Mn", "Me")
               else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def table_lines(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A header line and one line per row, each column padded to its widest visible cell."""
    widths = [max(text_width(c), *(text_width(row[i]) for row in rows)) for i, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - text_width(v)) for v, w in zip(cells, widths))

    return [line(columns), *(line(row) for row in rows)]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def question_label(number: int, total: int, stage: str = "main", followup: int = 0) -> str:
    """"Question 2 of 5", "Question 2 of 5 · follow-up 1", "Question 2 of 5 · second try": the counter
    always counts bank questions, so a follow-up or a retry never reads as the nth of `total` follow-ups."""
    where = f"Question {number} of {total}"
    if stage == "retry":
        return where + " · second try"
    if stage == "followup":
        return where + (f" · follow-up {followup}" if followup else " · follow-up")
    return where


def question_heading(reply: r.QuestionReply) -> str:
    return f"{question_label(reply.number, reply.total, reply.stage, reply.followup)} · {reply.topic} · {reply.level}"


def score_bar(score: float, width: int = 10) -> str:
    filled = max(0, min(width, round(score / 10 * width)))
    return "█" * filled + "░" * (width - filled)


def grader_line(fb: Feedback) -> str:
    """Which grader graded this, when an LLM judge is configured. Without one there is nothing to
    tell apart, every grade is offline, so a line on every answer would be noise: ""."""
    if not fb.judge:
        return ""
    if fb.grader == "combined":
        return f"Graded with {fb.judge} and the offline grader"
    if fb.grader == "llm":
        return f"Graded with {fb.judge}"
    return "LLM judge unavailable, graded offline" if FALLBACK_NOTE in fb.notes else "Graded offline"


def shown_notes(fb: Feedback) -> list[str]:
    """The notes to show beside the grader line: the judge's fallback note is that line already."""
    return [n for n in fb.notes if n != FALLBACK_NOTE] if grader_line(fb) else list(fb.notes)


def feedback_lines(fb: Feedback, show_model_answer: bool = False) -> list[str]:
    lines = [f"Score: {fb.score:.1f}/10 {score_bar(fb.score)}"]
    covered = [p for p in fb.points if p.status != "missed"]
    missed = [p for p in fb.points if p.status == "missed"]
    if covered:
        lines.append("Covered:")
        for p in covered:
            mark = "✓" if p.status == "covered" else "~"
            evidence = f' — you said: "{defuse_mentions(quote(p.evidence, p.point))}"' if p.evidence else ""
            lines.append(f"  {mark} {p.point}{evidence}{_partly_read(p)}")
            lines += _hint_line(p)
    if missed:
        lines.append("Missed:")
        for p in missed:
            cite = f" (read: {p.citation.title} [{p.citation.section_id}])" if p.citation else ""
            lines.append(f"  ✗ {p.point}{cite}")
            lines += _hint_line(p)
    for m in fb.misconceptions:
        lines.append(f"  ⚠ Misconception: {m.claim} → {m.correction}")
    for note in shown_notes(fb):
        lines.append(f"  ℹ {note}")
    if step := next_step_text(fb):
        lines.append(f"Next step: {step}")
    if show_model_answer and fb.model_answer:
        lines.append(f"Model answer: {fb.model_answer}")
    if by := grader_line(fb):
        lines.append(by)
    return lines


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_GAPS = (("missed", "Start with", "missed point"), ("partial", "Go deeper on", "partly covered point"))


def next_step_text(fb: Feedback) -> str:
    """The next step as shown below the points. The grader's names its gap word for word, which the list
    above already shows (QA: every 0.0 repeated its first ✗ line), so a gap listed there is pointed to
    by its place in that list, with its section to read. A step that repeats a misconception's
    correction, which the ⚠ line above shows, points to that line and then to the gaps, if any."""
    if any(m.correction and m.correction in fb.next_step for m in fb.misconceptions):
        gaps = [(what, sum(p.status == status for p in fb.points)) for status, _, what in _GAPS]
        gaps = [f"{what}s" if count > 1 else what for what, count in gaps if count]
        then = f", then the {gaps[0]} above" if gaps else ""
        return f"Put the ⚠ correction above in your own words{then}."
    for status, verb, what in _GAPS:
        listed = [p for p in fb.points if p.status == status]
        for n, p in enumerate(listed):
            if p.point and p.point in fb.next_step:
                which = "" if len(listed) == 1 else (_ORDINALS[n] + " " if n < len(_ORDINALS) else f"number {n + 1} ")
                read = f" (read: {p.citation.title} [{p.citation.section_id}])" if p.citation else ""
                # half a point: say what the other half is, not only where it is
                lacks = f": {what_a_strong_answer_says(p.shown_hint)}" if status == "partial" and p.shown_hint else ""
                return f"{verb} the {which}{what} above{lacks}{read}."
    return fb.next_step


def _hint_line(p) -> list[str]:
    """Under a missed or partly made point, what a strong answer does there, as `coach grade` prints it."""
    return [f"      Hint: {p.shown_hint}"] if p.status != "covered" and p.shown_hint else []


def _partly_read(p) -> str:
    """A partly made point's section to read, as a missed point's: half a point is still a gap."""
    return f" (read: {p.citation.title} [{p.citation.section_id}])" if p.status == "partial" and p.citation else ""


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@singledispatch
def render(reply: r.Reply) -> str:
    return str(reply)


@render.register
def _(reply: r.Notice) -> str:
    return reply.text


@render.register
def _(reply: r.QuestionReply) -> str:
    head = question_heading(reply)
    parts = [reply.preface, head, reply.text] if reply.preface else [head, reply.text]
    return "\n".join(parts)


@render.register
def _(reply: r.FeedbackReply) -> str:
    return "\n".join(feedback_lines(reply.feedback, reply.show_model_answer))


@render.register
def _(reply: r.HintReply) -> str:
    more = f" ({reply.remaining} more)" if reply.remaining else ""
    return f"Hint{more}: {reply.text}"


@render.register
def _(reply: r.ModelAnswerReply) -> str:
    return f"Model answer: {reply.text}"


def skipped_note(reply: r.SummaryReply) -> str:
    """Beside the Overall score: how many of its questions were skipped and so count as 0, if any."""
    skipped = sum(q.score is None for q in reply.questions)
    return f" ({skipped} of {len(reply.questions)} skipped, counted as 0)" if skipped else ""


def score_with_marks(q: r.QuestionScore) -> str:
    """"9.5 after a hint (follow-ups: 8.0, skipped)": what a bare score would hide."""
    if q.score is None:
        return "skipped"
    hinted = f" after {'a hint' if q.hints == 1 else f'{q.hints} hints'}" if q.hints else ""
    followups = [f"{s:.1f}" for s in q.followups] + ["skipped"] * q.followups_skipped
    extra = f" (follow-ups: {', '.join(followups)})" if followups else ""
    return f"{q.score:.1f}{hinted}{extra}"


@render.register
def _(reply: r.SummaryReply) -> str:
    lines = [f"Interview summary ({reply.track}, {reply.level})"]
    if reply.overall is not None:
        lines.append(f"Overall: {reply.overall:.1f}/10 {score_bar(reply.overall)}{skipped_note(reply)}")
    for q in reply.questions:
        lines.append(f"  {q.number}. [{q.topic}] {score_with_marks(q)} — {_clip(q.question, 90)}")
        lines += [f"     ⚠ Misconception flagged on the way: {claim}" + (f" → {correction}" if correction else "")
                  for claim, correction in q.flagged]
    if reply.topics:
        lines.append("By topic: " + ", ".join(f"{t} {s:.1f}" for t, s in reply.topics))
    # points are whole sentences: one per line reads better than a run joined by semicolons
    if reply.strongest:
        lines += ["Strongest:", *(f"  • {p}" for p in reply.strongest)]
    if reply.weakest:
        lines += ["Work on:", *(f"  • {p}" for p in reply.weakest)]
    if reply.study_next:
        lines.append("Study next: " + "; ".join(f"{c.title} [{c.section_id}]" for c in reply.study_next))
    if reply.practice_topic:
        lines.append(f"Practise next: `start {reply.practice_topic}` asks only {reply.practice_topic} questions.")
    if not reply.questions:
        lines.append("No questions were answered. Say `start` when you are ready.")
    return "\n".join(lines)


@render.register
def _(reply: r.StatusReply) -> str:
    return reply.text


@render.register
def _(reply: r.TableReply) -> str:
    lines = [reply.title]
    if reply.rows:
        lines += table_lines(reply.columns, [[defuse_mentions(v) for v in row] for row in reply.rows])
    if reply.footer:
        lines.append(reply.footer)
    return "\n".join(lines)


@render.register
def _(reply: r.ImageReply) -> str:
    return reply.text


@render.register
def _(reply: r.HelpReply) -> str:
    return "\n".join([reply.intro, *(f"  {usage} — {what}" for usage, what in reply.commands)])


@render.register
def _(reply: r.DailyQuestionReply) -> str:
    return (f"Daily question ({reply.date}) · {reply.topic} · {reply.level}\n{reply.text}\n"
            "Answer in this thread: your feedback comes to you privately.")


@render.register
def _(reply: r.RecapReply) -> str:
    lines = [f"Daily recap ({reply.date}): {reply.answered} answered.", f"Question: {reply.question}"]
    if reply.top:
        lines.append("Top scores: " + ", ".join(f"{defuse_mentions(n)} {s:.1f}" for n, s in reply.top))
    lines.append(f"Model answer: {reply.model_answer}")
    return "\n".join(lines)
