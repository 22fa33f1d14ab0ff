"""`coach chat`: the terminal mock interview on the embedded defaults, no tokens needed."""
from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal
import sys
import threading
from pathlib import Path

import typer
from rich.console import Console

from bot.settings import ROOT


def register(app: typer.Typer, services) -> None:
    @app.command()
    def chat(user: str = typer.Option("", help="whose interview (default: your login name)")):
        """A mock interview in the terminal. Works with stdin piped: printf 'start\\n...' | coach chat"""
        from bot.adapters.console import run_console
        from bot.bootstrap import start_runtime

        out = Console()

        async def main() -> None:
            with out.status("Loading the coach (model, index, store)...") if out.is_terminal else _null():
                runtime = await start_runtime(services())
            async with runtime:
                await run_console(runtime.coach, out, services().settings.data_dir / "charts", user=user or None,
                                  resume=resume_command(user))

        with _ctrl_c_where_the_chat_waits():
            asyncio.run(main())


class _ctrl_c_where_the_chat_waits:
    """Ctrl-C raises KeyboardInterrupt in the main thread, as Python's own handler does: the chat waits
    for a line in a blocking read of the terminal and says goodbye when Ctrl-C interrupts it. asyncio.run
    puts its own handler in place of Python's (and only of Python's), which merely cancels the chat: the
    blocking read did not notice until Enter, so Ctrl-C seemed to do nothing."""

    def __enter__(self):
        main = threading.current_thread() is threading.main_thread()
        self.previous = signal.signal(signal.SIGINT, _interrupt) if main else None
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False


def _interrupt(signum, frame):
    raise KeyboardInterrupt


STATE_SETTINGS = ("REDIS_URL", "DATA_DIR")  # where an interview is kept: a resume without them finds nothing


def resume_command(user: str = "", program: str | None = None, environ=None) -> str:
    """The command that brings this chat back, as it can be typed here: `coach chat` when the `coach`
    on the PATH is this one (an activated venv, the container); in a checkout whose .venv runs it,
    `python3 run.py chat`, the README's way in (its `coach` is not on the PATH); else the program as
    it was started. With the same --user, or another person's interview would start, and with the
    REDIS_URL or DATA_DIR this chat was given in its environment, or the interview would not be found."""
    program = program or sys.argv[0]
    environ = os.environ if environ is None else environ
    this = Path(program).resolve()
    on_path = shutil.which("coach")
    if on_path and Path(on_path).resolve() == this:
        words = ["coach"]
    elif (ROOT / "run.py").exists() and this == (ROOT / ".venv" / "bin" / "coach").resolve():
        words = ["python3", "run.py" if Path.cwd().resolve() == ROOT else str(ROOT / "run.py")]
    else:
        words = [program]
    settings = [f"{name}={shlex.quote(environ[name])}" for name in STATE_SETTINGS if environ.get(name)]
    return " ".join([*settings, shlex.join([*words, "chat", *(["--user", user] if user else [])])])


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
