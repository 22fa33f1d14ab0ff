"""A rubric built from retrieved guide sentences keeps only points about what the question asks, not ones that
merely name its subject: "How does BM25 deal with long documents?" took "BM25 is the standard lexical ranking
function ..." and "Dense retrieval is the neural counterpart of BM25 ..." beside the sentence on length
normalisation, and a right answer scored 4.2 (QA). resolve.py, ASKED_CLOSE."""
from __future__ import annotations

import pytest

from bot.grading.grader import build_grader
from bot.grading.resolve import SectionPassage

QUESTION = "How does BM25 deal with long documents?"


@pytest.fixture(scope="module")
def bm25_grader(settings, pack, embedder):
    """Retrieval as the hybrid index found it for the question (QA): the BM25 guide, its implementation, dense
    retrieval."""
    found = [pack.sections[s] for s in ("bm25", "coding-bm25", "dense-retrieval")]
    return build_grader(settings, pack=pack, embedder=embedder, retrieve=lambda q, k: [
        SectionPassage(s.text, s.guide, s.id, s.title) for s in found][:k])


def test_every_point_is_about_long_documents(bm25_grader):
    rubric = bm25_grader.resolver.resolve(question=QUESTION)
    assert rubric.source == "retrieved" and rubric.items
    assert all("long" in i.point or "length" in i.point for i in rubric.items), [i.point for i in rubric.items]
    assert not [i for i in rubric.items if i.citation and i.citation.section_id == "dense-retrieval"]


def test_a_right_answer_on_length_normalisation_scores_well_and_a_wrong_one_does_not(bm25_grader):
    right = ("The b parameter controls length normalisation: term frequency is divided by a factor based on the "
             "document's length relative to the average, so a long document doesn't win just because it repeats "
             "words more. b=1 is full normalisation, b=0 turns it off; 0.75 is the usual default.")
    wrong = "BM25 boosts long documents because they contain more information, so they get a higher score."
    assert bm25_grader.grade(right, question=QUESTION).score >= 7
    assert bm25_grader.grade(wrong, question=QUESTION).score < 5
