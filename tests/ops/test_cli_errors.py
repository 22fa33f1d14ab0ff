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


def test_bad_setting_values_are_one_line_naming_the_variable(tmp_path):
    cases = {
        ("slack",): ({"SLACK_MODE": "HTTP"}, "SLACK_MODE: Input should be 'socket' or 'http' (got 'HTTP')"),
        ("validate",): ({"EXTRA_PACK_DIRS": "/tmp/x"}, "EXTRA_PACK_DIRS must be a JSON list"),
        ("chat",): ({"REDIS_URL": "notaurl"}, "REDIS_URL: must be a redis://, rediss:// or unix:// URL"),
    }
    for args, (env, says) in cases.items():
        done = coach(*args, env={**env, "DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
        assert done.returncode == 2, (args, done.stderr[-2000:])
        assert says in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_search_batch_of_a_missing_file_says_it_cannot_read_it(tmp_path):
    done = coach("search", "--batch", str(tmp_path / "nonexist.jsonl"), env={"DATA_DIR": str(tmp_path),
                                                                            "CWD": str(tmp_path)})
    assert done.returncode == 2
    assert f"Cannot read {tmp_path / 'nonexist.jsonl'}: No such file or directory" in done.stderr
    assert done.stdout == ""  # stdout is the JSONL stream
    assert "Traceback" not in done.stdout + done.stderr


def test_a_second_chat_on_the_same_embedded_store_is_one_line(tmp_path):
    from bot.store.connection import EmbeddedValkey

    first = EmbeddedValkey(tmp_path / "valkey")  # what the first `coach chat` on this DATA_DIR runs
    first.start()
    try:
        done = coach("chat", stdin="status\n", env={"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    finally:
        first.stop()
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("coach: ") and str(tmp_path / "valkey") in line, line
