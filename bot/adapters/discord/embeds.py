"""The coach's replies as Discord messages: embeds, buttons and plain content. Pure.

Every string that may carry user text goes through `defuse_mentions` here, and
every message is clipped to Discord's limits, so delivery never has to think
about either. Text that is not written as markdown (the pack's questions and model answers,
rubric points, the grader's words, quoted answers) has its markdown escaped (`_md`), so
"In __init__ I take..." is not shown as "In init I take..." underlined; its `code` stays code. A
person's name is escaped whole (`_name`): "`a`" is a name with backticks, not code, and "1. Ann" or
"# Ann" a name, not a list item or a heading. Buttons are named, not built: a `discord.ui.View` needs a running
event loop, so views.py makes them at send time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import singledispatch

import discord

from bot.adapters.discord import limits
from bot.engine import replies as r
from bot.engine import start_args
from bot.engine.quotes import quote
from bot.engine.render_text import (ZWSP, defuse_mentions, grader_line, next_step_text, question_heading,
                                    question_label, render, score_bar, score_with_marks, shown_notes, skipped_note,
                                    table_lines)

BLURPLE, GREEN, YELLOW, RED, GREY = 0x5865F2, 0x57F287, 0xFEE75C, 0xED4245, 0x99AAB5
_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
# a numbered or "+" list item at a line's start ("1. ", "2) ", "+ "), which escape_markdown leaves alone;
# the group is what comes before its mark, so a backslash can go between
_LIST_START = re.compile(r"^(?=[ \t]*(?:\d+[.)]|\+)\s)([ \t]*\d*)", re.M)


@dataclass
class Outgoing:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    buttons: tuple[str, ...] = ()  # hint / skip / end / answer (the modal fallback)
    question_ref: str = ""  # the question (and part of it) the buttons act on, if they belong to one
    file: tuple[str, bytes] | None = None  # (filename, data)
    private: bool = False


def _d(text: str) -> str:
    return defuse_mentions(text or "")


def _md(text: str) -> str:
    """Text shown as written, not read as markdown: escaped outside its `code` spans and blocks."""
    text, out, last = text or "", [], 0
    for code in _CODE.finditer(text):
        out += [discord.utils.escape_markdown(text[last:code.start()]), code.group(0)]
        last = code.end()
    out.append(discord.utils.escape_markdown(text[last:]))
    return _d("".join(out))


def _name(text: str) -> str:
    """A display name shown as written: every markdown character escaped, backticks too, and nothing
    that starts a line made a heading or a list. escape_markdown already escapes "# ", "- " and "> "
    at a line's start; "1. " (a numbered list) and "+ " it leaves, so their mark gets a backslash
    too: "1\\. Ann" shows "1. Ann" on its own line of the recap's Top scores, not a list item."""
    return _d(_LIST_START.sub(r"\1\\", discord.utils.escape_markdown(text or "")))


def _embed(title: str, description: str = "", colour: int = BLURPLE) -> discord.Embed:
    return discord.Embed(title=_d(title), description=_d(description) or None, colour=colour)


def _score_colour(score: float | None) -> int:
    if score is None:
        return GREY
    return GREEN if score >= 7 else YELLOW if score >= 3.5 else RED


def _add_lines(embed: discord.Embed, name: str, lines: list[str]) -> None:
    for i, chunk in enumerate(limits.field_chunks([_d(x) for x in lines])):
        embed.add_field(name=name if i == 0 else f"{name} (cont.)", value=chunk, inline=False)


def to_outgoing(reply: r.Reply, answer_button: bool = False) -> list[Outgoing]:
    """One reply as one or more messages within Discord's limits."""
    out = _render(reply, answer_button)
    items = out if isinstance(out, list) else [out]
    fitted: list[Outgoing] = []
    for item in items:
        item.private = reply.private
        groups = limits.message_groups([part for e in item.embeds for part in limits.fit_embeds(e)])
        item.embeds = groups[0]
        if item.content:
            chunks = limits.split_text(_d(item.content))
            for chunk in chunks[:-1]:
                fitted.append(Outgoing(content=chunk, private=reply.private))
            item.content = chunks[-1]
        fitted.append(item)
        fitted += [Outgoing(embeds=group, private=reply.private) for group in groups[1:]]
        if len(groups) > 1:  # the buttons go under the whole reply
            fitted[-1].buttons, fitted[-1].question_ref = item.buttons, item.question_ref
            item.buttons, item.question_ref = (), ""
    return fitted


@singledispatch
def _render(reply: r.Reply, answer_button: bool) -> Outgoing | list[Outgoing]:
    return Outgoing(content=render(reply))  # anything new degrades to plain text


@_render.register
def _(reply: r.QuestionReply, answer_button: bool) -> Outgoing:
    title = question_heading(reply)
    body = f"*{_md(reply.preface)}*\n\n{_md(reply.text)}" if reply.preface else _md(reply.text)
    embed = _embed(title, body)
    embed.set_footer(text="Reply with your answer in a message." if not answer_button
                     else "Press Answer to reply.")
    buttons = tuple(reply.buttons) + (("answer",) if answer_button else ())
    return Outgoing(embeds=[embed], buttons=buttons, question_ref=reply.ref)


def feedback_embed(fb, title: str, show_model_answer: bool = False) -> discord.Embed:
    embed = _embed(title, f"**Score: {fb.score:.1f}/10** {score_bar(fb.score)}", _score_colour(fb.score))
    covered = [p for p in fb.points if p.status != "missed"]
    missed = [p for p in fb.points if p.status == "missed"]
    # their words cut between words as the terminal cuts them (engine/quotes.py), escaped to show as typed
    _add_lines(embed, "Covered", [
        f"{'✓' if p.status == 'covered' else '~'} {_md(p.point)}"
        + (f"\n> “{_md(quote(p.evidence, p.point))}”" if p.evidence else "")
        + (f"\n(read: {_md(p.citation.title)} [{_md(p.citation.section_id)}])"
           if p.status == "partial" and p.citation else "") + _hint(p) for p in covered])
    _add_lines(embed, "Missed", [
        f"✗ {_md(p.point)}" + (f" (read: {_md(p.citation.title)} [{_md(p.citation.section_id)}])" if p.citation else "")
        + _hint(p) for p in missed])
    _add_lines(embed, "Misconceptions", [f"⚠ {_md(m.claim)} → {_md(m.correction)}" for m in fb.misconceptions])
    _add_lines(embed, "Notes", [f"ℹ {_md(n)}" for n in shown_notes(fb)])
    if step := next_step_text(fb):
        _add_lines(embed, "Next step", [_md(step)])
    if show_model_answer and fb.model_answer:
        _add_lines(embed, "Model answer", [_md(fb.model_answer)])
    if by := grader_line(fb):
        embed.set_footer(text=_d(by))  # a footer is plain text: no markdown to escape
    return embed


def _hint(p) -> str:
    """Under a missed or partly made point, what a strong answer does there, as the terminal shows it."""
    return f"\nHint: {_md(p.shown_hint)}" if p.status != "covered" and p.shown_hint else ""


@_render.register
def _(reply: r.FeedbackReply, answer_button: bool) -> Outgoing:
    title = ("Feedback · " + question_label(reply.number, reply.total, reply.stage, reply.followup)
             if reply.total else "Your feedback")
    return Outgoing(embeds=[feedback_embed(reply.feedback, title, reply.show_model_answer)])


@_render.register
def _(reply: r.HintReply, answer_button: bool) -> Outgoing:
    more = f" ({reply.remaining} more available)" if reply.remaining else ""
    return Outgoing(embeds=[_embed(f"💡 Hint{more}", _md(reply.text), YELLOW)])


@_render.register
def _(reply: r.ModelAnswerReply, answer_button: bool) -> Outgoing:
    if not reply.spoiler:
        return Outgoing(embeds=[_embed("Model answer", _md(reply.text), GREY)])
    text = limits.clip(_md(reply.text).replace("|", "|\u200b"), limits.DESCRIPTION - 4)  # as in the recap
    return Outgoing(embeds=[_embed("Model answer", f"||{text}||", GREY)])


@_render.register
def _(reply: r.SummaryReply, answer_button: bool) -> Outgoing:
    overall = (f"**Overall: {reply.overall:.1f}/10** {score_bar(reply.overall)}{skipped_note(reply)}"
               if reply.overall is not None
               else "No questions were answered. Use /interview when you are ready.")
    embed = _embed(f"Interview summary · {reply.track} · {reply.level}", overall, _score_colour(reply.overall))
    _add_lines(embed, "Questions", [
        f"{q.number}. [{_md(q.topic)}] {score_with_marks(q)} — {_md(limits.clip(q.question, 90))}"
        + "".join(f"\n⚠ Misconception flagged on the way: {_md(claim)}"  # its correction after it, as the terminal
                  + (f" → {_md(correction)}" if correction else "") for claim, correction in q.flagged)
        for q in reply.questions])
    if reply.topics:
        _add_lines(embed, "By topic", [", ".join(f"{_md(t)} {s:.1f}" for t, s in reply.topics)])
    _add_lines(embed, "Strongest", [_md(x) for x in reply.strongest])
    _add_lines(embed, "Work on", [_md(x) for x in reply.weakest])
    _add_lines(embed, "Study next", [f"{_md(c.title)} [{_md(c.section_id)}]" for c in reply.study_next])
    if reply.practice_topic:
        _add_lines(embed, "Practise next", [f"`/interview {_interview_option(reply.practice_topic)}` asks only "
                                            f"{reply.practice_topic} questions."])
    return Outgoing(embeds=[embed])


def _interview_option(name: str) -> str:
    """The /interview option that asks only what `start <name>` asks: a topic ("topic:rag"), or a track
    for a name `start` takes as one ("track:behavioral"), which /interview offers no topic for."""
    return f"topic:{name}" if name in start_args.TOPICS else f"track:{start_args.TRACK_WORDS.get(name, name)}"


def _table(reply: r.TableReply) -> str:
    """A monospace table. Markdown is not read inside a code block, so names need no escaping, but
    "```" in one would end the block: a zero-width space after each backtick keeps them as written."""
    body = "\n".join(table_lines(reply.columns, reply.rows)).replace("`", "`" + ZWSP)
    return "```\n" + limits.clip(body, limits.DESCRIPTION - 8) + "\n```"


@_render.register
def _(reply: r.TableReply, answer_button: bool) -> Outgoing:
    embed = _embed(reply.title, _table(reply) if reply.rows else "")
    if reply.footer:
        embed.set_footer(text=_d(reply.footer))
    return Outgoing(embeds=[embed])


@_render.register
def _(reply: r.ImageReply, answer_button: bool) -> Outgoing:
    embed = _embed("Your progress", _md(reply.text))
    embed.set_image(url=f"attachment://{reply.filename}")
    return Outgoing(embeds=[embed], file=(reply.filename, reply.png))


def slash_commands() -> list[str]:
    """The registered slash commands with their options, read from the cog, so the help cannot drift."""
    from discord import app_commands

    from bot.adapters.discord.commands import CoachCommands

    def usage(name: str, command) -> str:
        options = " ".join(p.name if p.required else f"[{p.name}]" for p in command.parameters)
        return f"`/{name}{' ' + options if options else ''}`"

    lines = []
    for command in CoachCommands.__cog_app_commands__:
        if not isinstance(command, app_commands.Group):
            lines.append(f"{usage(command.name, command)} — {command.description}")
        elif command.default_permissions and command.default_permissions.manage_guild:  # /daily: one line
            subs = "|".join(sub.name for sub in command.commands)
            lines.append(f"`/{command.name} {subs} ...` — {command.description}")
        else:
            lines += [f"{usage(f'{command.name} {sub.name}', sub)} — {sub.description}" for sub in command.commands]
    return lines


@_render.register
def _(reply: r.HelpReply, answer_button: bool) -> Outgoing:
    embed = _embed("Interview Coach", _md(reply.intro))
    _add_lines(embed, "Type in a DM with me", [f"`{u}` — {_md(w)}" for u, w in reply.commands])
    _add_lines(embed, "Slash commands (streaks, groups, boards and the daily: in a server)", slash_commands())
    return Outgoing(embeds=[embed])


@_render.register
def _(reply: r.DailyQuestionReply, answer_button: bool) -> Outgoing:
    embed = _embed(f"Daily question · {reply.date}", _md(reply.text))
    embed.add_field(name="Topic", value=_md(reply.topic)).add_field(name="Level", value=_md(reply.level))
    # with the Answer button (no message content intent) the grade comes back as a reply only the
    # answerer sees; a thread message has no such reply, so its grade goes by DM
    embed.set_footer(text="Press Answer: your grade and points are shown only to you." if answer_button
                     else "Answer in this message's thread: your grade and points come to you by DM.")
    return Outgoing(embeds=[embed], buttons=("daily-answer",) if answer_button else ())


@_render.register
def _(reply: r.RecapReply, answer_button: bool) -> list[Outgoing]:
    embed = _embed(f"Daily recap · {reply.date}", f"**Question:** {_md(reply.question)}")
    embed.add_field(name="Answers", value=str(reply.answered))
    if reply.top:
        embed.add_field(name="Top scores", value="\n".join(f"{_name(n)} — {s:.1f}" for n, s in reply.top), inline=False)
    # The spoiler lives in the content: Discord hides ||...|| reliably there. Defused first, then split,
    # so no part outgrows its message: a spoiler split by to_outgoing would break open. Every "|" is
    # followed by a zero-width space, so no "||" inside ("|||" too) can close the spoiler early. Escaping
    # can double a reference's length, so a long one goes in several messages, each part its own spoiler,
    # the recap's embed under the last: whole, never clipped.
    answer = _md(reply.model_answer).replace("|", "|\u200b")
    room = limits.CONTENT - len("Model answer (99/99): ||||")
    parts = limits.split_text(answer, room) if len(answer) > limits.CONTENT - len("Model answer: ||||") else [answer]
    heads = ["Model answer: "] if len(parts) == 1 else [f"Model answer ({n}/{len(parts)}): "
                                                         for n in range(1, len(parts) + 1)]
    items = [Outgoing(content=f"{head}||{part}||") for head, part in zip(heads, parts)]
    items[-1].embeds = [embed]
    return items
