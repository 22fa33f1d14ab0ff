"""The embedded Valkey lives and dies with the coach: `kill PID` on a `coach` process stops it and frees its
data dir, Ctrl-C in the coach's terminal does not reach it (the coach stops it), and a data dir another
process holds is refused before the model loads."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from bot.bootstrap import Services, start_runtime
from bot.settings import ROOT, Settings
from bot.store.connection import DataDirBusy, EmbeddedValkey

from tests.processes import running

# A `coach` command that only holds the embedded Valkey (no model): the real CLI entry around it.
HOLDER = textwrap.dedent("""
    import subprocess, sys, time
    from pathlib import Path
    from bot.cli import app
    from bot.store.connection import EmbeddedValkey

    @app.command("hold-valkey")
    def hold(data: str):
        server = EmbeddedValkey(Path(data))
        server.start()
        try:  # the pid is printed inside: a Ctrl-C right after it must land in this try, not in click's "Aborted!"
            print(server._server._process.pid, flush=True)
            time.sleep(600)
        except KeyboardInterrupt:  # did the Ctrl-C reach the server too?
            try:
                server._server._process.wait(timeout=3)
                print("valkey stopped by the Ctrl-C", flush=True)
            except subprocess.TimeoutExpired:
                print("valkey still running", flush=True)

    app(["hold-valkey", sys.argv[1]])
""")


def test_sigterm_on_a_coach_process_stops_its_embedded_valkey_and_frees_the_data_dir(tmp_path):
    data = tmp_path / "valkey"
    coach = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "REDIS_URL": ""})
    valkey_pid = None
    try:
        valkey_pid = int(coach.stdout.readline())
        assert running(valkey_pid)
        coach.send_signal(signal.SIGTERM)
        assert coach.wait(timeout=60) == 128 + signal.SIGTERM
        assert not running(valkey_pid), "valkey-server outlived the coach"
        again = EmbeddedValkey(data)  # the data dir is free for the next coach
        again.start()
        again.stop()
    finally:
        if coach.poll() is None:
            coach.kill()
            coach.wait()
        if valkey_pid is not None and running(valkey_pid):  # what the coach left behind, before the fix
            os.kill(valkey_pid, signal.SIGKILL)


def test_ctrl_c_in_the_coachs_terminal_does_not_reach_its_embedded_valkey(tmp_path):
    # its own session: the Ctrl-C a terminal sends to its foreground process group, sent to the coach's
    coach = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "valkey")], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT, env={**os.environ, "REDIS_URL": ""}, start_new_session=True)
    valkey_pid = None
    try:
        valkey_pid = int(coach.stdout.readline())
        os.killpg(coach.pid, signal.SIGINT)
        assert coach.stdout.readline().strip() == "valkey still running"
        coach.wait(timeout=60)
        assert not running(valkey_pid), "the coach stopped it as it left"
    finally:
        if coach.poll() is None:
            coach.kill()
            coach.wait()
        if valkey_pid is not None and running(valkey_pid):
            os.kill(valkey_pid, signal.SIGKILL)


async def test_a_data_dir_another_process_holds_is_refused_before_the_model_loads(tmp_path):
    settings = Settings(_env_file=None, redis_url="", data_dir=tmp_path, pack_dir=ROOT / "knowledge",
                        llm_provider="none")
    holder = EmbeddedValkey(tmp_path / "valkey")
    holder.start()
    try:
        services = Services(settings)
        with pytest.raises(DataDirBusy, match="another process runs the embedded Valkey"):
            await start_runtime(services)
        assert "embedder" not in services.__dict__ and "grading" not in services.__dict__, "the model was loaded"
    finally:
        holder.stop()
