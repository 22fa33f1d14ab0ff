"""Replies as Block Kit: one function per reply type, plus the plain-text fallback.

Every dynamic string goes through `esc` (with a length bound) so a block can
neither ping anyone nor break Slack's size limits; `fit` is the last guard. What a person
wrote and must see as written (display names, their answer quoted back) goes through
`literal`, or `code_text` inside a board's code block, so no markup or emoji forms from it; a notice,
which echoes people's words and marks nothing but code, goes through `as_written`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch

from bot.adapters.slack.mrkdwn import (BUTTON_LIMIT, ELLIPSIS, FALLBACK_LIMIT, HEADER_LIMIT, MAX_BLOCKS,
                                       SECTION_LIMIT, as_written, clip, clip_mrkdwn, code_text, esc, literal,
                                       quote)
from bot.engine import replies as r
from bot.engine.quotes import quote as cut_quote
from bot.engine.render_text import (grader_line, next_step_text, question_heading, question_label, render, score_bar,
                                    score_with_marks, shown_notes, skipped_note, table_lines)

BUTTON_LABELS = {"hint": "Hint", "skip": "Skip", "end": "End interview"}
ACTION_PREFIX = "coach_"
SPOILER_WARNING = ":warning: *Model answer below* — stop here if you still want to answer."


@dataclass(frozen=True)
class Message:
    text: str  # the fallback: notifications, screen readers, old clients
    blocks: list[dict] = field(default_factory=list)


def to_message(reply: r.Reply) -> Message:
    """The blocks, and the plain text Slack shows in notifications and previews. That text is the reply
    rendered as words, echoed ones among them ("2*3*4", "_init_"), so it keeps every mark as written
    (`literal`): Slack would read them as bold, italics or code there and drop the marks."""
    return Message(text=literal(render(reply), FALLBACK_LIMIT), blocks=fit(blocks_for(reply)))


def fit(blocks: list[dict]) -> list[dict]:
    """Enforce Slack's per-block and per-message limits whatever the content."""
    out = []
    for block in blocks:
        if block["type"] == "section":
            block["text"]["text"] = clip_mrkdwn(block["text"]["text"], SECTION_LIMIT)
        elif block["type"] == "header":
            block["text"]["text"] = clip(block["text"]["text"], HEADER_LIMIT)
        elif block["type"] == "context":
            block["elements"] = block["elements"][:10]
            for element in block["elements"]:
                element["text"] = clip_mrkdwn(element["text"], SECTION_LIMIT)
        out.append(block)
    if len(out) > MAX_BLOCKS:
        out = out[: MAX_BLOCKS - 1] + [context(ELLIPSIS + " (shortened to fit Slack)")]
    return out


# -- block builders ----------------------------------------------------------------
def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " "}}


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(name: str, value: str) -> dict:
    label = BUTTON_LABELS.get(name, name.title())
    return {"type": "button", "action_id": ACTION_PREFIX + name, "value": value[:2000],
            "text": {"type": "plain_text", "text": clip(label, BUTTON_LIMIT)}}


def lines_section(title: str, lines: list[str]) -> dict:
    return section("\n".join([title, *lines]))


def entries_sections(title: str, entries: list[str]) -> list[dict]:
    """A title and its entries (one point or question each, of one or more lines) in as many sections as
    they need to stay within Slack's limit, broken between entries: one section cut to fit would lose
    every entry after the cut, and escaped quotes can be five times their length ("&" is "&amp;")."""
    chunks = [[title]]
    for entry in entries:
        if len(chunks[-1]) > 1 and sum(len(x) + 1 for x in chunks[-1]) + len(entry) > SECTION_LIMIT:
            chunks.append([])
        chunks[-1].append(entry)
    return [section("\n".join(chunk)) for chunk in chunks]


def _gap_lines(p) -> list[str]:
    """Under a missed or partly made point: its hint, then its section to read, as the terminal shows them."""
    lines = [f"      _Hint:_ {esc(p.shown_hint, 300)}"] if p.status != "covered" and p.shown_hint else []
    if p.status != "covered" and p.citation:  # half a point is still a gap: where to read
        lines.append(f"      _Read:_ {esc(p.citation.title, 120)} `{esc(p.citation.section_id, 80)}`")
    return lines


# -- one renderer per reply type ------------------------------------------------------
@singledispatch
def blocks_for(reply: r.Reply) -> list[dict]:
    return [section(esc(render(reply), SECTION_LIMIT))]


@blocks_for.register
def _(reply: r.Notice) -> list[dict]:
    icon = {"warning": ":warning: ", "error": ":x: "}.get(reply.tone, "")
    return [section(icon + as_written(reply.text, SECTION_LIMIT - 20))]


@blocks_for.register
def _(reply: r.QuestionReply) -> list[dict]:
    blocks = [context(esc(reply.preface, 2000))] if reply.preface else []
    blocks.append(header(clip(question_heading(reply), HEADER_LIMIT)))
    blocks.append(section(esc(reply.text, 2900)))
    if reply.buttons:
        blocks.append({"type": "actions", "block_id": "coach_interview",
                       "elements": [button(name, reply.ref) for name in reply.buttons]})
    return blocks


@blocks_for.register
def _(reply: r.FeedbackReply) -> list[dict]:
    fb = reply.feedback
    where = (" · " + question_label(reply.number, reply.total, reply.stage, reply.followup)) if reply.total else ""
    blocks = [section(f"*Score: {fb.score:.1f}/10* `{score_bar(fb.score)}`{where}")]
    covered = [p for p in fb.points if p.status != "missed"]
    missed = [p for p in fb.points if p.status == "missed"]
    if covered:
        entries = []
        for p in covered:
            mark = ":white_check_mark:" if p.status == "covered" else ":large_yellow_circle:"
            lines = [f"{mark} {esc(p.point, 300)}"]
            if p.evidence:
                # their own words as written, cut between words as the terminal cuts them (whole, escaped,
                # at most ~1,200 characters): a "*" or "_" in them must not close "_you said:_" or open bold
                lines.append(quote(f'_you said:_ "{literal(cut_quote(p.evidence, p.point))}"'))
            entries.append("\n".join(lines + _gap_lines(p)))
        blocks += entries_sections("*Covered*", entries)
    if missed:
        blocks += entries_sections("*Missed*", ["\n".join([f":x: {esc(p.point, 300)}", *_gap_lines(p)])
                                                for p in missed])
    if fb.misconceptions:
        blocks.append(lines_section("*Misconceptions*", [
            f":warning: {esc(m.claim, 300)} → {esc(m.correction, 400)}" for m in fb.misconceptions]))
    if step := next_step_text(fb):
        blocks.append(section(f"*Next step:* {esc(step, 1000)}"))
    if reply.show_model_answer and fb.model_answer:
        blocks.append(section(f"*Model answer*\n{esc(fb.model_answer, 2800)}"))
    if notes := shown_notes(fb):
        blocks.append(context("\n".join(f":information_source: {esc(n, 300)}" for n in notes)))
    if by := grader_line(fb):
        blocks.append(context(esc(by, 200)))
    return blocks


@blocks_for.register
def _(reply: r.HintReply) -> list[dict]:
    more = f" ({reply.remaining} more)" if reply.remaining else ""
    return [section(f":bulb: *Hint{more}:* {esc(reply.text, 2800)}")]


@blocks_for.register
def _(reply: r.ModelAnswerReply) -> list[dict]:
    blocks = [section(SPOILER_WARNING)] if reply.spoiler else []
    blocks.append(section(f"*Model answer* — _{esc(reply.question, 400)}_\n{esc(reply.text, 2400)}"))
    return blocks


@blocks_for.register
def _(reply: r.SummaryReply) -> list[dict]:
    blocks = [header(clip(f"Interview summary · {reply.track} · {reply.level}", HEADER_LIMIT))]
    if reply.overall is not None:
        blocks.append(section(f"*Overall: {reply.overall:.1f}/10* `{score_bar(reply.overall)}`{skipped_note(reply)}"))
    if reply.questions:
        rows = []
        for q in reply.questions:
            # the score in bold, then what a bare score would hide: "after a hint (follow-ups: 8.0, skipped)"
            score, _, marks = score_with_marks(q).partition(" ")
            rows.append("\n".join([
                f"{q.number}. *{score}*{' ' + marks if marks else ''} · {esc(q.topic, 60)} — {esc(q.question, 150)}",
                *(f"      :warning: Misconception flagged on the way: {esc(claim, 300)}"
                  + (f" → {esc(correction, 300)}" if correction else "")  # as the terminal shows it
                  for claim, correction in q.flagged)]))
        blocks += entries_sections("*Questions*", rows)
    else:
        blocks.append(section("No questions were answered. Say `start` when you are ready."))
    if reply.topics:
        blocks.append(section("*By topic:* " + ", ".join(f"{esc(t, 60)} {s:.1f}" for t, s in reply.topics)))
    if reply.strongest:
        blocks.append(lines_section("*Strongest*", [f"• {esc(p, 200)}" for p in reply.strongest]))
    if reply.weakest:
        blocks.append(lines_section("*Work on*", [f"• {esc(p, 200)}" for p in reply.weakest]))
    if reply.study_next:
        blocks.append(context(":books: Study next: " + "; ".join(
            f"{esc(c.title, 120)} `{esc(c.section_id, 80)}`" for c in reply.study_next)))
    if reply.practice_topic:
        blocks.append(context(f":dart: Practise next: `start {reply.practice_topic}` asks only "
                              f"{reply.practice_topic} questions."))
    return blocks


@blocks_for.register
def _(reply: r.TableReply) -> list[dict]:
    blocks = [header(clip(reply.title, HEADER_LIMIT))]
    if reply.rows:
        # padded before the escaping: an entity ("&lt;") and a zero-width space show as one column and none
        lines = table_lines(reply.columns, [[clip(c, 40) for c in row] for row in reply.rows])
        body = esc(code_text("\n".join(lines)), SECTION_LIMIT - 10)
        blocks.append(section(f"```{body}```"))
    if reply.footer:
        blocks.append(context(esc(reply.footer, 1000)))
    return blocks


@blocks_for.register
def _(reply: r.HelpReply) -> list[dict]:
    lines = [f"`{esc(usage, 120)}` — {esc(what, 300)}" for usage, what in reply.commands]
    return [section(esc(reply.intro, 1000)), section("\n".join(lines)),
            context("In a DM with me just type the words (e.g. `start llm senior 3`); "
                    "anywhere else use `/coach <command>` (e.g. `/coach interview llm senior 3`).")]


@blocks_for.register
def _(reply: r.DailyQuestionReply) -> list[dict]:
    return [header(clip(f"Daily question · {reply.date}", HEADER_LIMIT)),
            section(esc(reply.text, 2900)),
            context(f"{esc(reply.topic, 60)} · {esc(reply.level, 20)} — answer in this thread; "
                    "your feedback comes to you privately.")]


@blocks_for.register
def _(reply: r.RecapReply) -> list[dict]:
    blocks = [section(f"*Daily recap · {esc(reply.date, 20)}:* {reply.answered} answered.\n"
                      f"_{esc(reply.question, 1000)}_")]
    if reply.top:
        blocks.append(section("*Top scores:* " + ", ".join(f"{literal(n, 100)} {s:.1f}" for n, s in reply.top)))
    # Slack has no spoiler markup: a warning line, then the answer in small context text
    blocks += [section(SPOILER_WARNING), {"type": "divider"}, context(esc(reply.model_answer, 2800))]
    return blocks
