"""The repository's .env is read from any working directory; one in the working directory wins.

The tests never write the repository's own .env (it holds a developer's tokens): they give Settings the
same pair of files with the repository's one in a temporary folder."""
from __future__ import annotations

import pytest

from bot.settings import ROOT, Settings


def test_settings_read_the_repositorys_env_file_then_the_working_directorys():
    assert Settings.model_config["env_file"] == (ROOT / ".env", ".env")


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A repository .env with a setting in it, and a working directory that is another folder."""
    monkeypatch.delenv("MAX_ANSWER_WORDS", raising=False)
    repo_env = tmp_path / "repo" / ".env"
    repo_env.parent.mkdir()
    repo_env.write_text("MAX_ANSWER_WORDS=123\n")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return repo_env, cwd


def test_the_repositorys_env_file_is_read_from_another_folder(elsewhere):
    repo_env, _ = elsewhere
    assert Settings(_env_file=(repo_env, ".env")).max_answer_words == 123


def test_the_working_directorys_env_file_wins(elsewhere):
    repo_env, cwd = elsewhere
    (cwd / ".env").write_text("MAX_ANSWER_WORDS=77\n")
    assert Settings(_env_file=(repo_env, ".env")).max_answer_words == 77
