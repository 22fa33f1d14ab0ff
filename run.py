#!/usr/bin/env python3
"""Set up the project in .venv (when needed) and run it.

    python3 run.py chat       the terminal mock interview
    python3 run.py test       the test suite (extra arguments go to pytest)
    python3 run.py coach ...  any other `coach` command

It needs Python 3.11 or newer. The first run creates .venv in the repository root and installs
into it, torch first, pinned and the CPU build (a plain `torch` requirement would pull a multi-GB
CUDA build). Later runs reinstall only when pyproject.toml has changed; a .venv made with a
Python older than 3.11 is made again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
TORCH = "torch==2.13.0"
# The CPU build by its own version, from the indexes pip is configured with (a wheel folder or a
# mirror that holds it); where none does, the same version from PyTorch's CPU index, as the Dockerfile does.
TORCH_CPU = TORCH + "+cpu"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def bin_dir(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode()).hexdigest()


def pip_in(venv_dir: Path):
    """A pip runner for the venv: `pip("install", ...)`-style arguments after `pip install`; raises
    CalledProcessError when pip fails."""
    def pip(*args: str) -> None:
        subprocess.run([str(bin_dir(venv_dir) / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                        *args], check=True)
    return pip


def install_torch(pip) -> None:
    """The CPU build of the pinned torch: from the configured indexes when they hold it (no network
    needed then), else from PyTorch's CPU index."""
    try:
        pip(TORCH_CPU)
    except subprocess.CalledProcessError:
        print(f"{TORCH_CPU} is not in pip's indexes; installing {TORCH} from {TORCH_CPU_INDEX} ...", flush=True)
        pip(TORCH, "--index-url", TORCH_CPU_INDEX)


def venv_python(venv_dir: Path) -> tuple[int, ...] | None:
    """The version of the Python a venv was made with (from its pyvenv.cfg); None when there is no venv."""
    try:
        lines = (venv_dir / "pyvenv.cfg").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in {"version", "version_info"}:
            return tuple(int(part) for part in value.strip().split(".")[:2] if part.isdigit())
    return None


def ensure_venv(venv_dir: Path = VENV, pip=None, create=None) -> None:
    """`venv_dir` made (again, when its Python is older than MIN_PYTHON) and installed into when
    pyproject.toml changed. `pip` and `create` (a function of the folder) run pip and make the venv."""
    made_with = venv_python(venv_dir)
    if made_with is not None and made_with < MIN_PYTHON:
        print(f"{venv_dir} was made with Python {'.'.join(map(str, made_with))}, older than "
              f"{'.'.join(map(str, MIN_PYTHON))}: making it again ...", flush=True)
        shutil.rmtree(venv_dir)
    if not (bin_dir(venv_dir) / "python").exists():
        print(f"Creating {venv_dir} ...", flush=True)
        (create or venv.EnvBuilder(with_pip=True, clear=True).create)(venv_dir)
    stamp = venv_dir / ".installed-from"
    if stamp.exists() and stamp.read_text() == _wanted_stamp() and (bin_dir(venv_dir) / "coach").exists():
        return
    pip = pip or pip_in(venv_dir)
    print("Installing dependencies into .venv (the first time takes a few minutes) ...", flush=True)
    pip("--upgrade", "pip")
    install_torch(pip)
    pip("-e", f"{ROOT}[dev]")
    stamp.write_text(_wanted_stamp())


def too_old(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> str | None:
    """Why this Python cannot run the coach, in one line; None when it can."""
    if version[:2] >= MIN_PYTHON:
        return None
    return (f"Interview Coach needs Python {'.'.join(map(str, MIN_PYTHON))} or newer, and this is Python "
            f"{'.'.join(map(str, version))} ({sys.executable}). Run it with a newer one: "
            "`python3.11 run.py chat`, for example.")


def run_child(args: list[str]) -> int:
    """Run a command as run.py's child and return its exit status. Ctrl-C reaches the child from the
    terminal, so run.py waits for it to finish rather than kill it mid-goodbye (and prints no traceback);
    a SIGTERM or SIGHUP sent to run.py is passed on to it, so `kill` on run.py stops the coach too."""
    child = subprocess.Popen(args)
    passed_on = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    replaced = {signum: signal.signal(signum, lambda signum, frame: child.send_signal(signum))
                for signum in passed_on}
    replaced[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        status = child.wait()
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)
    return 128 - status if status < 0 else status  # ended by a signal: the status a shell reports


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    refusal = too_old()
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    try:
        ensure_venv()
    except subprocess.CalledProcessError as failed:
        print(f"Installing into {VENV} failed (pip's message is above): {' '.join(failed.cmd[2:])}", file=sys.stderr)
        return 1
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    bin_ = bin_dir(VENV)
    if command == "test":
        return run_child([str(bin_ / "python"), "-m", "pytest", *rest])
    if command == "coach":
        return run_child([str(bin_ / "coach"), *rest])
    return run_child([str(bin_ / "coach"), command, *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
