"""A bank question's `asked_as`: short direct phrasings of it, as a team types it (the interview keeps the
scenario's wording). `coach validate` reports a bad one with its file and field."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.pack.loader import load_pack
from tests.pack.test_pack import PACK, copy_pack  # noqa: F401 (a fixture: our guides and retrieval.yaml copied)


def _with_asked_as(root: Path, *phrasings: list[str]) -> None:
    """Give the first questions of the copied file these phrasings, in order."""
    path = root / "questions" / "retrieval.yaml"
    data = yaml.safe_load(path.read_text())
    for q, asked_as in zip(data["questions"], phrasings):
        q["asked_as"] = asked_as
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _problems(root: Path) -> list[str]:
    return [str(p) for p in load_pack(root).problems]


def test_direct_phrasings_load_with_the_question(copy_pack):
    _with_asked_as(copy_pack, ["Why is BM25 still used?", "How does BM25 rank documents?"])
    pack = load_pack(copy_pack)
    assert pack.problems == []
    assert pack.by_id["bm25-why-still-used"].asked_as == ["Why is BM25 still used?", "How does BM25 rank documents?"]


def test_an_over_long_phrasing_is_reported_with_its_question_and_entry(copy_pack):
    _with_asked_as(copy_pack, ["Why is BM25 still used?", "Why " + "really " * 30 + "is BM25 still used?"])
    assert [p for p in _problems(copy_pack) if "question bm25-why-still-used: asked_as.1" in p and "words" in p]


@pytest.mark.parametrize("phrasings", [
    ["Why is BM25 still used?", "why is BM25  still used ?"],  # the same, typed differently
    ["Does BM25 beat dense retrieval?", "Does BM25 beat dense retrieval."],
])
def test_a_repeated_phrasing_is_reported(copy_pack, phrasings):
    _with_asked_as(copy_pack, phrasings)
    problems = _problems(copy_pack)
    assert problems and all("retrieval.yaml: question bm25-why-still-used: asked_as" in p for p in problems)
    assert any("asked_as" in p and "repeats" in p for p in problems)


def test_a_phrasing_that_repeats_the_question_is_reported(copy_pack):
    path = copy_pack / "questions" / "retrieval.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["question"] = "Why do teams still use BM25?"
    data["questions"][0]["asked_as"] = ["Why do teams still use BM25?"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert [p for p in _problems(copy_pack) if "bm25-why-still-used: asked_as" in p and "repeats" in p]


def test_a_phrasing_another_question_already_has_is_reported(copy_pack):
    _with_asked_as(copy_pack, ["How does BM25 rank documents?"], ["How does BM25 rank documents?"])
    assert [p for p in _problems(copy_pack)
            if "question bm25-formula-parameters: asked_as.0" in p and "bm25-why-still-used" in p]


def test_a_list_of_keywords_is_no_phrasing(copy_pack):
    _with_asked_as(copy_pack, ["bm25 ranking"])
    assert [p for p in _problems(copy_pack) if "asked_as.0" in p and "question" in p]


def test_coach_validate_lists_a_bad_phrasing_and_fails(copy_pack):
    from bot.cli import app

    _with_asked_as(copy_pack, ["Why " + "really " * 30 + "is BM25 still used?"])
    result = CliRunner().invoke(app, ["validate", str(copy_pack)], env={"COLUMNS": "240"})
    assert result.exit_code == 1
    assert "retrieval.yaml: question bm25-why-still-used: asked_as.0" in result.output and "words" in result.output


def test_the_real_packs_phrasings_are_short_direct_questions():
    pack = load_pack(PACK)
    assert pack.problems == []
    assert sum(bool(q.asked_as) for q in pack.questions) >= 8
