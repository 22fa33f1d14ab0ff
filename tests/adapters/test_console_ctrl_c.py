"""Ctrl-C in the real `coach chat` on a terminal: the goodbye, with the command that resumes the interview,
and the embedded Valkey stopped with the coach. (asyncio's own Ctrl-C handler only cancelled the chat,
which its blocking read of the terminal did not notice until Enter; and the terminal's Ctrl-C stopped the
embedded Valkey under it.)"""
from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import time
import uuid

from bot.settings import ROOT

from tests.processes import running


class Terminal:
    def __init__(self, fd: int):
        self.fd, self.seen = fd, b""

    def wait_for(self, text: bytes, seconds: float = 240) -> bool:
        """Read the screen until `text` shows (True) or the program closes it or the time is up (False)."""
        start, end = len(self.seen), time.monotonic() + seconds
        while text not in self.seen[start:]:
            if time.monotonic() > end or not select.select([self.fd], [], [], 1)[0]:
                if time.monotonic() > end:
                    return False
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            self.seen += chunk
        return True

    def text(self) -> str:
        """The screen as one line: the terminal wraps at 80 columns."""
        return " ".join(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", self.seen.decode("utf-8", "replace")).split())


def test_ctrl_c_says_goodbye_and_stops_the_embedded_valkey(tmp_path):
    env = {**os.environ, "REDIS_URL": "", "DATA_DIR": str(tmp_path), "HF_HUB_OFFLINE": "1",
           "PATH": "/usr/bin:/bin"}  # as after the quick start: the venv's `coach` is not on the PATH
    pid, fd = pty.fork()
    if pid == 0:  # the terminal's program, in a session of its own, as a shell starts it
        os.chdir(ROOT)
        os.execve(str(ROOT / ".venv" / "bin" / "coach"),
                  ["coach", "chat", "--user", f"ctrl-c-{uuid.uuid4().hex[:8]}"], env)
    terminal, valkey = Terminal(fd), None
    try:
        assert terminal.wait_for(b"you>"), terminal.text()[-2000:]
        os.write(fd, b"start behavioral junior 2\n")
        assert terminal.wait_for(b"you>"), terminal.text()[-2000:]
        [valkey] = [int(p) for p in subprocess.run(["pgrep", "-P", str(pid), "valkey-server"], capture_output=True,
                                                   text=True).stdout.split()]
        os.write(fd, b"\x03")  # Ctrl-C: the terminal signals its foreground process group
        assert terminal.wait_for(b"to resume.", 60), terminal.text()[-2000:]
        # the DATA_DIR this chat was started with is part of the command: the interview is kept there
        assert re.search(r"Bye! Your interview is kept for a day: `DATA_DIR=" + re.escape(str(tmp_path))
                         + r" python3 run.py chat --user ctrl-c-\w+` to resume\.", terminal.text())
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert not running(valkey)
    finally:
        for leftover in (pid, valkey):
            if leftover is not None and running(leftover):
                os.kill(leftover, signal.SIGKILL)
        os.close(fd)
