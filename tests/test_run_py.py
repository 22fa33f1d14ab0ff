"""run.py, the quick start's one command: the CPU build of torch, pinned, whatever indexes pip has; a clear
refusal on a Python older than 3.11; a .venv made with one is made again. pip is a recorder here (the real
one would install gigabytes); the venv folder is a real one under tmp_path."""
from __future__ import annotations

import importlib.util
import subprocess
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
