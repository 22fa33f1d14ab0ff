"""One real embedding model and one grader for the whole grading test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.grading.grader import build_grader
from bot.pack.loader import load_pack
from bot.retrieval.embedding import get_embedder
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pack():
    return load_pack(ROOT / "knowledge")


@pytest.fixture(scope="session")
def embedder():
    return get_embedder("")


@pytest.fixture(scope="session")
def settings():
    return Settings(llm_provider="none", max_answer_words=400, prompts_dir=ROOT / "prompts")


@pytest.fixture(scope="session")
def grader(settings, pack, embedder):
    return build_grader(settings, pack=pack, embedder=embedder)


@pytest.fixture(scope="session")
def bm25(pack):
    """A bank question about BM25 with misconceptions (present in our bank)."""
    return pack.by_id["coding-bm25-scorer"]
