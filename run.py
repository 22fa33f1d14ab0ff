#!/usr/bin/env python3
"""Set up the project in .venv (when needed) and run it.

    python3 run.py chat       the terminal mock interview
    python3 run.py test       the test suite (extra arguments go to pytest)
    python3 run.py coach ...  any other `coach` command

The first run creates .venv in the repository root and installs into it,
torch first and pinned (a plain `torch` requirement would pull a multi-GB
CUDA build). Later runs reinstall only when pyproject.toml has changed.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed-from"
TORCH = "torch==2.13.0"


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode()).hexdigest()


def _pip(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", *args], check=True)


def ensure_venv() -> None:
    if not (BIN / "python").exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _wanted_stamp() and (BIN / "coach").exists():
        return
    print("Installing dependencies into .venv (the first time takes a few minutes) ...", flush=True)
    _pip("--upgrade", "pip")
    _pip(TORCH)
    _pip("-e", f"{ROOT}[dev]")
    STAMP.write_text(_wanted_stamp())


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    ensure_venv()
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "test":
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest])
    if command == "coach":
        return subprocess.call([str(BIN / "coach"), *rest])
    return subprocess.call([str(BIN / "coach"), command, *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
