"""`coach ingest`, `coach search` and `coach questions` as a person runs them: wrong input is named
with what would be right, on stderr, with a non-zero exit."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import bot.cli as cli
from tests.ops.test_cli_errors import coach


@pytest.fixture
def run(services, monkeypatch):
    monkeypatch.setattr(cli, "_services", services)  # the session's model and index, built once

    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(cli.app, list(args), input=stdin)

    return invoke


def test_ingest_of_a_path_that_does_not_exist_exits_1(run, tmp_path):
    result = run("ingest", str(tmp_path / "nonexistent"))
    assert result.exit_code == 1, result.output
    assert f"Not found: {tmp_path / 'nonexistent'}" in result.stderr


def test_search_names_the_levels_for_an_unknown_one_and_takes_any_case(run):
    result = run("search", "kv cache", "--level", "expert")
    assert result.exit_code == 2 and "Unknown level 'expert'. Levels: junior, mid, senior." in result.stderr
    assert run("search", "kv cache", "--level", "Senior", "--k", "1").exit_code == 0


def test_search_names_the_topics_for_an_unknown_one(run, services):
    result = run("search", "kv cache", "--topic", "nosuchtopic")
    assert result.exit_code == 2 and "Unknown topic 'nosuchtopic'. Topics: " in result.stderr
    assert all(t in result.stderr for t in services.index.topics())


def test_search_batch_errors_go_to_stderr_and_a_line_without_query_says_so(run, tmp_path):
    result = run("search", "--batch", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "Cannot read" in result.stderr and result.stdout == ""
    result = run("search", "--batch", "-", "--k", "1", stdin='{"query": "bm25"}\n{"q": "x"}\n[1]\n')
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["results"]
    assert lines[1]["error"] == 'line 2: no "query" field (each line is {"query": "..."})'
    assert lines[2]["error"].startswith("line 3: no \"query\" field")


def test_questions_lists_ids_by_track_and_level(run, services):
    result = run("questions", "--track", "llm", "--level", "senior")
    assert result.exit_code == 0, result.output
    wanted = [q for q in services.pack.questions if q.level.value == "senior"
              and any(t.value == "llm-engineer" for t in q.tracks)]
    assert wanted and all(q.id in result.stdout for q in wanted)
    other = next(q for q in services.pack.questions if q.level.value == "junior")
    assert other.id not in result.stdout
    bad = run("questions", "--level", "expert")
    assert bad.exit_code == 2 and "Levels: junior, mid, senior" in bad.stderr
    assert "#f0" not in result.stdout
    with_followups = run("questions", "--track", "llm", "--level", "senior", "--followups")
    assert all(f"{q.id}#f{n}" in with_followups.stdout for q in wanted for n in range(len(q.followups)))
    assert f"{len(wanted)} questions and {sum(len(q.followups) for q in wanted)} follow-ups." in with_followups.stdout


def test_an_unreachable_chroma_server_is_one_line_after_its_retries(tmp_path):
    done = coach("ingest", "--wait", "1", env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "1",
                                               "DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert "does not answer yet (try 1); trying again" in lines[0]
    assert lines[-1].startswith("coach: cannot reach the Chroma server at 127.0.0.1:1 for 1 s"), lines


def test_a_data_dir_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "file").write_text("")
    done = coach("chat", stdin="status\n", env={"DATA_DIR": str(tmp_path / "file" / "x"), "CWD": str(tmp_path)})
    assert done.returncode == 2, done.stderr[-2000:]
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"coach: DATA_DIR={tmp_path / 'file' / 'x'} cannot be used: Not a directory"), line
