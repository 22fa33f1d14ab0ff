"""Keys that send escape codes, typed at the terminal's `you>` prompt: never graded, never in a command."""
from __future__ import annotations

import os
import uuid

from rich.console import Console

from bot.adapters.console import run_console

from tests.adapters.test_console import _Typist


async def test_a_lone_arrow_key_is_no_answer_and_a_command_with_arrows_still_runs(coach, tmp_path):
    master, terminal = os.openpty()
    try:
        screen = _Typist(master, [b"start behavioral junior 2\n", b"\x1b[A\n", b"status\x1b[D\x1b[D\n",
                                  b"\x04"])
        await run_console(coach, Console(file=screen, force_terminal=True, color_system=None, width=200),
                          tmp_path, user=f"keys-{uuid.uuid4().hex[:8]}", terminal_fd=terminal)
    finally:
        os.close(master)
        os.close(terminal)
    text = screen.getvalue()
    assert "Score:" not in text, text  # the arrow key was not graded
    assert "only keys like the arrow keys" in text
    assert "Interview in progress" in text  # `status` ran
    assert "second try" not in text  # no try was spent


def _typed_at_a_terminal(keys: list[bytes]) -> str:
    """What read_edited_message returns, one repr per message, in a real terminal (a pseudo-terminal
    whose program reads its stdin), for the keys typed one message at a time."""
    import pty
    import select
    import sys

    from bot.settings import ROOT

    program = ("import sys; from bot.adapters.console import read_edited_message\n"
               "while (m := read_edited_message(0, 'you> ')) is not None: print('GOT', repr(m), flush=True)\n"
               "print('EOF', flush=True)\n")
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-c", program])
    seen = b""
    try:
        for chunk in [*keys, b"\x04"]:
            while not seen.endswith(b"you> ") and select.select([fd], [], [], 30)[0]:
                seen += _read(fd)
            seen = seen[:-len(b"you> ")] + b"<prompt>"
            os.write(fd, chunk)
        while b"EOF" not in seen and select.select([fd], [], [], 30)[0] and (chunk := _read(fd)):
            seen += chunk
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return "\n".join(line for line in seen.decode(errors="replace").splitlines() if line.startswith("GOT"))


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the program has ended and closed the terminal
        return b""


def test_the_terminal_edits_lines_with_arrow_keys_and_recalls_the_last_message():
    got = _typed_at_a_terminal([b"stus\x1b[D\x1b[Dat\r", b"\x1b[A\r", b"first line\rsecond line\r",
                                b"\x1b[200~pasted\nin brackets\x1b[201~\r"])
    assert got.splitlines() == ["GOT 'status\\n'", "GOT 'status\\n'", "GOT 'first line\\nsecond line\\n'",
                                "GOT 'pasted\\nin brackets\\n'"], got
