"""run.py, the quick start's one command: the CPU build of torch, pinned, whatever indexes pip has; a clear
refusal on a Python older than 3.11; a .venv made with one is made again; the coach it runs gets the signals
sent to it. pip is a recorder here (the real one would install gigabytes); the venv folder is a real one
under tmp_path, and the child a real process."""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_py():
    spec = importlib.util.spec_from_file_location("run_py", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Pip:
    """Records each `pip install` it is asked for; fails for the requirements in `missing`, as pip does
    for a version no index holds."""

    def __init__(self, missing: tuple[str, ...] = ()):
        self.calls: list[tuple[str, ...]] = []
        self.missing = missing

    def __call__(self, *args: str) -> None:
        self.calls.append(args)
        if any(arg in self.missing for arg in args):
            raise subprocess.CalledProcessError(1, ["python", "-m", "pip", "install", *args])

    def torch_calls(self) -> list[tuple[str, ...]]:
        return [c for c in self.calls if any(a.startswith("torch") for a in c)]


def test_torch_is_the_cpu_build_from_the_configured_indexes_when_they_hold_it(run_py):
    pip = Pip()
    run_py.install_torch(pip)
    assert pip.torch_calls() == [("torch==2.13.0+cpu",)], "no network needed: the wheel folder holds it"


def test_torch_comes_from_pytorchs_cpu_index_when_the_indexes_lack_the_cpu_build(run_py):
    pip = Pip(missing=("torch==2.13.0+cpu",))  # plain PyPI: only the CUDA build, as `torch==2.13.0`
    run_py.install_torch(pip)
    assert pip.torch_calls() == [("torch==2.13.0+cpu",),
                                 ("torch==2.13.0", "--index-url", "https://download.pytorch.org/whl/cpu")]
    assert ("torch==2.13.0",) not in pip.calls, "a bare pin from PyPI pulls the multi-GB CUDA build"


def _made_with(folder: Path, version: str) -> None:
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").write_text("")
    (folder / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")


def test_a_venv_made_with_python_3_10_is_made_again_and_installed_into(run_py, tmp_path):
    folder = tmp_path / ".venv"
    _made_with(folder, "3.10.13")
    (folder / "left-over").write_text("from 3.10")
    made: list[Path] = []
    pip = Pip()
    run_py.ensure_venv(folder, pip=pip, create=lambda path: (made.append(path), _made_with(path, "3.11.7")))
    assert made == [folder] and not (folder / "left-over").exists()
    assert pip.calls[0] == ("--upgrade", "pip") and pip.torch_calls() == [("torch==2.13.0+cpu",)]
    assert pip.calls[-1] == ("-e", f"{ROOT}[dev]") and (folder / ".installed-from").exists()


def test_a_venv_made_with_python_3_11_is_kept(run_py, tmp_path):
    folder = tmp_path / ".venv"
    _made_with(folder, "3.11.7")
    (folder / "kept").write_text("")
    run_py.ensure_venv(folder, pip=Pip(), create=lambda path: pytest.fail("the venv was made again"))
    assert (folder / "kept").exists()


def test_a_python_older_than_3_11_is_refused_in_one_line(run_py):
    said = run_py.too_old((3, 10, 13))
    assert said and "\n" not in said and "needs Python 3.11 or newer" in said and "3.10.13" in said
    assert run_py.too_old((3, 11, 0)) is None and run_py.too_old((3, 13, 0)) is None


# run.py's child as a program: says when it is ready, and which signal ended it (a coach says goodbye to
# Ctrl-C and stops its store on SIGTERM; this one only says so).
CHILD = textwrap.dedent("""
    import signal, sys, time
    def leave(signum, frame):
        print("child got", signal.Signals(signum).name, flush=True)
        sys.exit(40 + signum)
    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)
    print("ready", flush=True)
    time.sleep(60)
""")
WRAPPER = textwrap.dedent("""
    import importlib.util, sys
    spec = importlib.util.spec_from_file_location("run_py", sys.argv[1])
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    sys.exit(run.run_child([sys.executable, "-c", sys.argv[2]]))
""")


def _run_py_with_child():
    """run.py running CHILD, in a session of its own (as a terminal's foreground job is a group of its own)."""
    wrapper = subprocess.Popen([sys.executable, "-c", WRAPPER, str(ROOT / "run.py"), CHILD], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert wrapper.stdout.readline().strip() == "ready"
    return wrapper


def test_a_sigterm_to_run_py_reaches_the_coach_it_runs(run_py):
    wrapper = _run_py_with_child()
    try:
        wrapper.send_signal(signal.SIGTERM)  # `kill` on run.py's pid
        assert wrapper.stdout.readline().strip() == "child got SIGTERM"
        assert wrapper.wait(timeout=30) == 40 + signal.SIGTERM, "run.py exits with the coach's status"
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)


def test_ctrl_c_lets_the_coach_finish_instead_of_run_py_killing_it(run_py):
    wrapper = _run_py_with_child()
    try:
        os.killpg(wrapper.pid, signal.SIGINT)  # Ctrl-C: the terminal signals run.py and the coach alike
        assert wrapper.stdout.readline().strip() == "child got SIGINT"
        assert wrapper.wait(timeout=30) == 40 + signal.SIGINT
        assert "Traceback" not in wrapper.stderr.read()
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)
