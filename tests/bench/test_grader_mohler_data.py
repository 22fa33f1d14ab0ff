"""bench/grader_mohler.py finds the Mohler data in the shared folder beside the checkout it runs from (it
read one fixed absolute path), and says where it looked when the data is not there."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from bot.settings import ROOT


def _bench_in(checkout, *args: str) -> subprocess.CompletedProcess:
    (checkout / "bench").mkdir(parents=True)
    shutil.copy(ROOT / "bench" / "grader_mohler.py", checkout / "bench")
    return subprocess.run([sys.executable, str(checkout / "bench" / "grader_mohler.py"), "--limit", "2", *args],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"})


def test_the_data_is_looked_for_beside_the_checkout_and_its_absence_said_in_one_line(tmp_path):
    done = _bench_in(tmp_path / "checkout")
    expected = tmp_path / "shared" / "benchmarks" / "mohler" / "mohler.jsonl"
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stderr.strip() == (f"No Mohler data at {expected}: it lives in the team's shared folder beside "
                                   "this checkout (../shared/benchmarks/mohler/mohler.jsonl); give another copy "
                                   "with --data PATH.")


def test_a_data_file_given_that_does_not_exist_is_named(tmp_path):
    done = _bench_in(tmp_path / "checkout", "--data", str(tmp_path / "nowhere.jsonl"))
    assert done.returncode != 0 and f"No Mohler data at {tmp_path / 'nowhere.jsonl'}" in done.stderr
