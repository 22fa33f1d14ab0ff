"""Ctrl-D in the terminal says the interview is kept only when one is running."""
from __future__ import annotations

import os
import uuid

from rich.console import Console

from bot.adapters.console import run_console

from .test_console import _Typist


async def _leave(coach, tmp_path, user: str, typed: list[bytes]) -> str:
    master, terminal = os.openpty()
    try:
        screen = _Typist(master, [*typed, b"\x04"])
        await run_console(coach, Console(file=screen, force_terminal=True, color_system=None, width=200),
                          tmp_path, user=user, terminal_fd=terminal)
    finally:
        os.close(master)
        os.close(terminal)
    return screen.getvalue()


async def test_ctrl_d_with_no_interview_only_says_bye(coach, tmp_path):
    text = await _leave(coach, tmp_path, f"bye-{uuid.uuid4().hex[:8]}", [])
    assert "Bye!" in text and "kept for a day" not in text.split("Bye!", 1)[1]


async def test_ctrl_d_during_an_interview_says_it_is_kept(coach, tmp_path):
    text = await _leave(coach, tmp_path, f"bye-{uuid.uuid4().hex[:8]}", [b"start behavioral junior 2\n"])
    assert "Bye! Your interview is kept for a day" in text
