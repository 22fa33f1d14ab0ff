"""The goodbye names a command that brings the chat back where the person is: after the README's quick
start (`python3 run.py chat`) `coach` is not on the PATH, so `coach chat` would not run."""
from __future__ import annotations

import os
import uuid

from rich.console import Console

from bot.adapters.console import run_console
from bot.cli_chat import resume_command
from bot.settings import ROOT

from .test_console import _Typist

VENV_COACH = str(ROOT / ".venv" / "bin" / "coach")


def test_a_checkouts_coach_resumes_through_run_py(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # the venv is not activated: no `coach` on the PATH
    monkeypatch.chdir(ROOT)
    assert resume_command(program=VENV_COACH) == "python3 run.py chat"
    assert resume_command("bo smith", program=VENV_COACH) == "python3 run.py chat --user 'bo smith'"
    monkeypatch.chdir(tmp_path)
    assert resume_command(program=VENV_COACH) == f"python3 {ROOT / 'run.py'} chat"


def test_a_coach_on_the_path_resumes_as_coach_chat(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.setenv("PATH", f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin")  # an activated venv, or a container
    assert resume_command(program=VENV_COACH) == "coach chat"
    assert resume_command(program="/elsewhere/bin/coach") == "/elsewhere/bin/coach chat", "another install: as run"


def test_the_resume_command_keeps_the_store_the_chat_was_given(monkeypatch):
    """QA: `REDIS_URL=redis://host:6379/9 coach chat`, Ctrl-D, then the goodbye's `coach chat` looked in the
    embedded store and found no interview."""
    monkeypatch.setenv("PATH", f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin")
    env = {"REDIS_URL": "redis://127.0.0.1:6379/9", "DATA_DIR": "/tmp/my data", "HOME": "/root"}
    assert (resume_command("bo", program=VENV_COACH, environ=env)
            == "REDIS_URL=redis://127.0.0.1:6379/9 DATA_DIR='/tmp/my data' coach chat --user bo")
    assert resume_command(program=VENV_COACH, environ={"REDIS_URL": ""}) == "coach chat", "an empty one is the default"


async def test_ctrl_d_during_an_interview_names_the_command_given(coach, tmp_path):
    master, terminal = os.openpty()
    try:
        screen = _Typist(master, [b"start behavioral junior 2\n", b"\x04"])
        await run_console(coach, Console(file=screen, force_terminal=True, color_system=None, width=200), tmp_path,
                          user=f"bye-{uuid.uuid4().hex[:8]}", terminal_fd=terminal, resume="python3 run.py chat")
    finally:
        os.close(master)
        os.close(terminal)
    assert "Your interview is kept for a day: `python3 run.py chat` to resume." in screen.getvalue()
