"""The repository's .env is read from any working directory; one in the working directory wins."""
from __future__ import annotations

import pytest

from bot.settings import ROOT, Settings


@pytest.fixture
def repo_env():
    """Write the repository's .env for one test, keeping a developer's own one as it was."""
    path = ROOT / ".env"
    kept = path.read_bytes() if path.exists() else None
    yield path
    if kept is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(kept)


def test_the_repositorys_env_file_is_read_from_another_folder(repo_env, tmp_path, monkeypatch):
    monkeypatch.delenv("MAX_ANSWER_WORDS", raising=False)
    repo_env.write_text("MAX_ANSWER_WORDS=123\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().max_answer_words == 123


def test_the_working_directorys_env_file_wins(repo_env, tmp_path, monkeypatch):
    monkeypatch.delenv("MAX_ANSWER_WORDS", raising=False)
    repo_env.write_text("MAX_ANSWER_WORDS=123\n")
    (tmp_path / ".env").write_text("MAX_ANSWER_WORDS=77\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().max_answer_words == 77
