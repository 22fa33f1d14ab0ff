"""The terminal: a mock interview with rich formatting, or scripted through a pipe.

    coach chat                      interactive, with line editing; a pasted block of lines is one message
    printf 'start\\n...' | coach chat  one message per line; output is plain text
"""
from __future__ import annotations

import functools
import getpass
import os
import select
import sys
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.adapters.terminal_codes import strip_terminal_codes
from bot.community.progress_chart import forget_chart
from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.engine.render_text import feedback_lines, question_heading, render

RESUME = ("You have an interview in progress: here is where you left it. Answer it, or say `hint`, `skip`, "
          "`end` (for the summary) or `help`.")
ONLY_KEYS = ("That was only keys like the arrow keys, with no text, so nothing was sent and no try was spent. "
             "Type your answer, or `help`.")
WELCOME = ("Welcome to Interview Coach. Say `start` for a mock interview (e.g. `start llm senior 3`), "
           "`help` for everything else, or press Ctrl-D to leave (your interview is kept for a day).")


# lines that arrive this soon after the one before came in one paste: a person cannot type that fast
PASTE_GAP_SECONDS = 0.05


def read_message(fd: int) -> str | None:
    """One message from a terminal: a line, plus every line already waiting behind it, so a pasted
    multi-line answer is one answer and not one per line. None at the end of input (Ctrl-D)."""
    data = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return data.decode("utf-8", errors="replace") if data else None
        data += chunk
        if data.endswith(b"\n") and not select.select([fd], [], [], PASTE_GAP_SECONDS)[0]:
            return data.decode("utf-8", errors="replace")


def read_edited_message(fd: int, prompt: str) -> str | None:
    """One message typed with line editing (readline: arrow keys, Home/End, Up for the last message),
    plus the lines of a paste that arrive right behind it, as in read_message. None at Ctrl-D."""
    import readline  # once imported, input() edits the line on a terminal

    readline.parse_and_bind("tab: tab-insert")  # a tab in an answer, not a completion of file names
    lines: list[str] = []
    try:
        lines.append(input(prompt))
        while select.select([fd], [], [], PASTE_GAP_SECONDS)[0]:
            lines.append(input(""))
    except EOFError:
        if not lines:
            return None
    return "\n".join(lines) + "\n"


def console_key(user: str | None = None) -> ConversationKey:
    return ConversationKey(UserRef("console", "local", user or getpass.getuser() or "me"), "terminal")


class ConsoleAdapter:
    def __init__(self, coach, out: Console, charts_dir: Path, user: str | None = None, resume: str = "coach chat"):
        self.coach = coach
        self.out = out
        self.key = console_key(user)
        self.charts_dir = charts_dir
        self.resume = resume  # the command that brings this chat back, as the goodbye says it

    def event_for(self, line: str) -> Event:
        return Event(key=self.key, kind=EventKind.text, text=line)

    async def send(self, line: str) -> list[r.Reply]:
        replies = await self.coach.handle(self.event_for(line))
        for reply in replies:
            self.show(reply)
        return replies

    async def interview_running(self) -> bool:
        """Whether an interview waits for an answer: `repeat` shows its question, and only then."""
        replies = await self.coach.handle(Event(key=self.key, kind=EventKind.command, name="repeat"))
        return any(isinstance(reply, r.QuestionReply) for reply in replies)

    async def goodbye(self) -> None:
        running = await self.interview_running()
        kept = f" Your interview is kept for a day: `{self.resume}` to resume." if running else ""
        self.out.print(f"\nBye!{kept}")

    async def greet(self) -> None:
        """The welcome, or, when an interview was left unfinished, that interview's current question:
        the next message is graded against it, so it must be on screen."""
        replies = await self.coach.handle(Event(key=self.key, kind=EventKind.command, name="repeat"))
        if not any(isinstance(reply, r.QuestionReply) for reply in replies):
            self.out.print(Panel(WELCOME, border_style="blue"))
            return
        self.out.print(Panel(RESUME, border_style="blue"))
        for reply in replies:
            self.show(reply)

    def show(self, reply: r.Reply) -> None:
        if isinstance(reply, r.ImageReply):
            self.charts_dir.mkdir(parents=True, exist_ok=True)
            path = self.charts_dir / reply.filename
            path.write_bytes(reply.png)
            self.out.print(Text(f"{reply.text} Saved to {path}"))
            return
        if not self.out.is_terminal:
            self.out.print(render(reply), markup=False, highlight=False, soft_wrap=True)
            self.out.print()
            return
        self.out.print(self._rich(reply))

    def _rich(self, reply: r.Reply):
        # Every text from the user, the bank or the grader goes in as `Text`, never as a markup string:
        # an answer with `[/x]` or `zip(*[tokens[i:] ...])` must print as typed, not as rich tags.
        if isinstance(reply, r.QuestionReply):
            body = Text.assemble((reply.preface + "\n\n", "dim") if reply.preface else "", reply.text)
            return Panel(body, title=Text(question_heading(reply)), border_style="cyan")
        if isinstance(reply, r.FeedbackReply):
            text = Text("\n".join(feedback_lines(reply.feedback, reply.show_model_answer)))
            colour = "green" if reply.feedback.score >= 7 else "yellow" if reply.feedback.score >= 3.5 else "red"
            return Panel(text, title="Feedback", border_style=colour, highlight=False)
        if isinstance(reply, r.SummaryReply):
            return Panel(Text(render(reply)), title="Summary", border_style="magenta")
        if isinstance(reply, r.TableReply):
            table = Table(title=Text(reply.title), caption=Text(reply.footer) if reply.footer else None)
            for column in reply.columns:
                table.add_column(Text(column))
            for row in reply.rows:
                table.add_row(*(Text(cell) for cell in row))
            return table
        if isinstance(reply, r.HelpReply):
            return Markdown(render(reply).replace("\n  ", "\n- "))
        return Text(render(reply))


async def run_console(coach, out: Console, charts_dir: Path, lines=None, user: str | None = None,
                      terminal_fd: int | None = None, resume: str = "coach chat") -> None:
    """Read until EOF. Interactive (a paste is one message) when stdin is a terminal, or from
    `terminal_fd`; otherwise one message per line of `lines` or of the pipe. `resume`: the command
    that brings the chat back, for the goodbye."""
    adapter = ConsoleAdapter(coach, out, charts_dir, user, resume)
    # charts are saved here under the reply's file name, one per person: `forget me` deletes them
    coach.deps.store.forgetter.add_hook(functools.partial(forget_chart, charts_dir))
    edited = terminal_fd is None and lines is None and sys.stdin.isatty()
    if edited:
        terminal_fd = sys.stdin.fileno()
    interactive = terminal_fd is not None
    if interactive:
        await adapter.greet()
    source = lines if lines is not None else sys.stdin
    while True:
        if interactive:
            if not edited:
                out.print("[bold]you>[/bold] ", end="")
            try:
                line = read_edited_message(terminal_fd, _prompt(out)) if edited else read_message(terminal_fd)
            except KeyboardInterrupt:
                line = None
            if line is None:
                await adapter.goodbye()
                return
        else:
            line = next(source, None) if not isinstance(source, list) else (source.pop(0) if source else None)
            if line is None:
                return
        typed, line = line, strip_terminal_codes(line).rstrip("\n")
        if not line.strip():
            if typed.strip():  # an arrow key without line editing: never graded, never a try spent
                adapter.show(r.Notice(ONLY_KEYS))
            continue
        await adapter.send(line)


def _prompt(out: Console) -> str:
    """`you>` for input(): bold where the console has colour, its codes wrapped in \\001 \\002 so that
    readline knows their width is nothing."""
    return "\001\x1b[1m\002you>\001\x1b[0m\002 " if out.is_terminal and out.color_system else "you> "
