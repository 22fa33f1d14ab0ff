"""`coach ingest` names a path that does not exist once, on stderr, and exits 1; other skipped files are
still listed with why."""
from __future__ import annotations

from tests.retrieval.test_cli_ingest_search import run  # noqa: F401 - the fixture


def test_a_missing_path_is_named_once(run, tmp_path):  # noqa: F811
    missing = tmp_path / "nonexistent"
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    result = run("ingest", str(missing), str(tmp_path / "empty.md"))
    assert result.exit_code == 1, result.output
    assert (result.stdout + result.stderr).count(str(missing)) == 1, result.stdout + result.stderr
    assert f"Not found: {missing}" in result.stderr
    assert "empty.md: is empty" in " ".join(result.stdout.split())


def test_a_file_given_before_and_not_now_is_said_to_stay_indexed(run, tmp_path):  # noqa: F811
    extra = tmp_path / "extra.md"
    extra.write_text("# Rerankers\n\nA cross-encoder reads the query and a passage together and scores them.\n",
                     encoding="utf-8")
    run("ingest")  # the pack's guides, indexed
    try:
        assert run("ingest", str(extra)).stdout.startswith("1 added")
        again = " ".join(run("ingest").stdout.split())  # the counts are of the files read this time
        assert "0 added" in again and "1 file indexed before and not given now stays indexed" in again, again
        assert str(extra) in again
    finally:
        extra.unlink()
        assert "1 removed" in run("ingest").stdout  # the session's index as it was
