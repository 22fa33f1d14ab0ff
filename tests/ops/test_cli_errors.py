"""The `coach` command run as a person runs it: a setup problem is one clear line, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

from bot.settings import ROOT

COACH = [str(ROOT / ".venv/bin/coach")] if (ROOT / ".venv/bin/coach").exists() else [sys.executable, "-m", "bot.cli"]


def coach(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    # a clean environment: the developer's own .env or LLM settings must not leak into the run
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR", "HF_HUB_OFFLINE")}
    return subprocess.run([*COACH, *args], input=stdin, capture_output=True, text=True, cwd=env.pop("CWD", ROOT),
                          env={**base, "HF_HUB_OFFLINE": "1", "COLUMNS": "200", **env}, timeout=300)


def test_an_llm_provider_without_its_package_grades_offline_with_one_warning(tmp_path, redis_url):
    done = coach("grade", "--question-id", "bm25-why-still-used", "--answer",
                 "BM25 ranks documents by term frequency and inverse document frequency.",
                 env={"LLM_PROVIDER": "openai", "DATA_DIR": str(tmp_path), "REDIS_URL": redis_url, "CWD": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Score" in done.stdout and "offline grader" in done.stdout
    assert done.stderr.count("LLM_PROVIDER=openai") == 1
    assert ".venv/bin/pip install -e '.[openai]'" in done.stderr
    assert "Traceback" not in done.stderr
