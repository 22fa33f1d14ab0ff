"""The terminal adapter, driven through stdin of the real `coach chat` command."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from io import StringIO

from rich.console import Console

from bot.adapters.console import ConsoleAdapter, run_console
from bot.settings import ROOT


def test_coach_chat_reads_a_script_from_a_pipe(redis_url, tmp_path):
    user = f"pipe-{uuid.uuid4().hex[:8]}"
    script = "start behavioral junior 2\nhint\nI don't know\nstatus\nend\nprogress\nforget me\n"
    env = {**os.environ, "REDIS_URL": redis_url, "DATA_DIR": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    coach = [sys.executable, "-m", "bot.cli"] if not (ROOT / ".venv/bin/coach").exists() else [str(ROOT / ".venv/bin/coach")]
    done = subprocess.run([*coach, "chat", "--user", user], input=script, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    out = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Question 1 of 2 · behavioral · junior" in out
    assert "Hint" in out and "Score: 0.0/10" in out and "Question 1 of 2 · second try" in out
    assert "Interview in progress" in out
    assert "Interview summary (behavioral, junior)" in out
    assert re.search(r"Saved to .*progress-[0-9a-f]{16}\.png", out.replace("\n", ""), re.S), "one file per person"
    assert "Done: I deleted everything" in out and "progress chart" in out
    assert not list((tmp_path / "charts").glob("*.png")), "forget me deletes the chart saved before it"
    assert "Traceback" not in out + done.stderr


async def test_console_adapter_renders_every_reply_without_a_terminal(coach, tmp_path):
    out = StringIO()
    console = Console(file=out, force_terminal=False, width=100)
    await run_console(coach, console, tmp_path, lines=["help", "start mixed mid 3", "repeat", "", "end"], user="ada")
    text = out.getvalue()
    assert "start [track] [level] [length]" in text
    assert "Question 1 of 3" in text and text.count("Question 1 of 3") == 2
    assert "Interview summary" in text


def _terminal(out: StringIO) -> Console:
    """A console that renders as in a real terminal (panels, tables, markup), into a string."""
    return Console(file=out, force_terminal=True, color_system=None, width=200)


async def test_a_markup_like_command_is_shown_as_typed_in_the_terminal(coach, tmp_path):
    out = StringIO()
    lines = ["start [/x] 3", "help"]
    await run_console(coach, _terminal(out), tmp_path, lines=lines, user=f"br-{uuid.uuid4().hex[:8]}")
    text = out.getvalue()
    assert "[/x]" in text and "start [track] [level] [length]" in text  # quoted back as typed, then help


async def test_feedback_and_model_answer_keep_their_brackets_in_the_terminal(services, tmp_path):
    from bot.engine import replies as r

    answer = ("Count n-grams with zip(*[tokens[i:] for i in range(n)]) over the tokens. "
              "ROUGE-2 is the overlap of bigrams [/etc/hosts] divided by the reference bigrams.")
    feedback = services.grader.grade(answer, question_id="coding-rouge-1-2")
    out = StringIO()
    adapter = ConsoleAdapter(None, _terminal(out), tmp_path, user="br")
    adapter.show(r.FeedbackReply(feedback, show_model_answer=True))
    adapter.show(r.Notice("config path [/etc/hosts] and [red]red[/red]"))
    text = " ".join(out.getvalue().replace("│", " ").split())
    assert "zip(*[tokens[i:] for i in range(n)])" in text  # the model answer, as written in the bank
    assert "config path [/etc/hosts] and [red]red[/red]" in text


class _Typist(StringIO):
    """The terminal's screen: each time the coach shows its `you>` prompt, the person types (or
    pastes) the next chunk into the pseudo-terminal, all of it at once as a paste arrives."""

    def __init__(self, master: int, chunks: list[bytes]):
        super().__init__()
        self.master, self.chunks = master, list(chunks)

    def write(self, text: str) -> int:
        written = super().write(text)
        if "you>" in text and self.chunks:
            os.write(self.master, self.chunks.pop(0))
        return written


async def test_a_pasted_multi_line_answer_is_one_answer_in_the_terminal(coach, tmp_path):
    master, terminal = os.openpty()
    try:
        paste = (b"I led the move of our ticket classifier to a fine-tuned model.\n"
                 b"My task was to keep accuracy while cutting cost.\n"
                 b"\n"
                 b"I built an eval set, ran both side by side, and shipped it; cost fell by half.\n")
        screen = _Typist(master, [b"start behavioral junior 2\n", paste, b"end\n", b"\x04"])
        console = Console(file=screen, force_terminal=True, color_system=None, width=200)
        await run_console(coach, console, tmp_path, user=f"paste-{uuid.uuid4().hex[:8]}", terminal_fd=terminal)
    finally:
        os.close(master)
        os.close(terminal)
    text = screen.getvalue()
    assert text.count("Score:") == 1, text  # the three lines were graded as one answer
    assert "Interview summary" in text and "Bye!" in text


async def test_reopening_the_terminal_shows_the_interview_in_progress(coach, tmp_path):
    user = f"resume-{uuid.uuid4().hex[:8]}"
    first = StringIO()
    await run_console(coach, Console(file=first, force_terminal=False, width=200), tmp_path,
                      lines=["start behavioral junior 2"], user=user)
    question = first.getvalue().split("Question 1 of 2 · behavioral · junior\n", 1)[1].split("\n", 1)[0]

    master, terminal = os.openpty()
    try:
        screen = _Typist(master, [b"\x04"])
        await run_console(coach, Console(file=screen, force_terminal=True, color_system=None, width=400),
                          tmp_path, user=user, terminal_fd=terminal)
    finally:
        os.close(master)
        os.close(terminal)
    text = screen.getvalue()
    assert "You have an interview in progress" in text and "Welcome" not in text
    assert "Question 1 of 2 · behavioral · junior" in text and question in text


async def test_the_terminal_welcomes_someone_with_no_interview(coach, tmp_path):
    master, terminal = os.openpty()
    try:
        screen = _Typist(master, [b"\x04"])
        await run_console(coach, Console(file=screen, force_terminal=True, color_system=None, width=200),
                          tmp_path, user=f"new-{uuid.uuid4().hex[:8]}", terminal_fd=terminal)
    finally:
        os.close(master)
        os.close(terminal)
    assert "Welcome to Interview Coach" in screen.getvalue() and "in progress" not in screen.getvalue()
