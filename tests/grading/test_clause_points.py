"""One sentence of two clauses that make two points earns both (review of the offline grader)."""
from __future__ import annotations

import pytest

SEARCH = "lexical-vs-semantic-search"


def by_id(feedback) -> dict:
    return {p.point_id: p for p in feedback.points}


def test_a_sentence_of_two_clauses_earns_both_of_its_points(grader):
    """Its keyword clause ('keyword search matches exact words') has no function word, and was read as a bare
    list of terms: the keyword point was only partly made."""
    fb = grader.grade("Semantic search compares meaning through embeddings while keyword search matches exact "
                      "words.", question_id=SEARCH)
    points = by_id(fb)
    assert points["semantic-def"].status == "covered", points["semantic-def"]
    assert points["keyword-def"].status == "covered", points["keyword-def"]


def test_a_clause_is_as_explained_as_its_sentence_a_list_piece_is_not():
    import numpy as np

    from bot.grading.list_sentences import pieces, piece_factors

    two = "Semantic search compares meaning through embeddings while keyword search matches exact words"
    assert list(piece_factors(two, pieces(two), np.array([0.9, 0.6]), 0.93)) == [0.93, 0.93]
    listed = ("NLP engineers own language quality: the classifiers and extraction models that still run, search "
              "relevance from BM25 through dense retrieval and reranking, generation control for the assistant, and "
              "above all the evaluation suites.")
    assert len(pieces(listed)) >= 3
    factors = np.full(len(pieces(listed)), 0.6)
    assert list(piece_factors(listed, pieces(listed), factors, 0.9)) == list(factors)


@pytest.mark.parametrize("sentence, parts", [
    ("Then route: a small model handles the easy majority and only hard cases go to the big model - check quality "
     "on a labelled sample before flipping.",
     ["Then route: a small model handles the easy majority and only hard cases go to the big model",
      "check quality on a labelled sample before flipping"]),
    ("We keep a top-k of 5 - 10 documents per query with a reranker on top of them.", []),  # a range, not a clause
])
def test_a_spaced_dash_joins_two_clauses(sentence, parts):
    from bot.grading.list_sentences import clauses

    assert clauses(sentence) == parts


def test_a_check_after_a_dash_does_not_hide_the_routing_point(grader):
    """QA: the routing sentence sat at 0.37 on its point with "- check quality ..." after it (0.60 without), and the
    point quoted "And track cost per request and p95 per route" as its evidence."""
    fb = grader.grade("I'd start by measuring where tokens go. Then route: a small model or a classifier handles the "
                      "easy majority and only hard cases go to the big model - check quality on a labelled sample "
                      "before flipping. And track cost per request and p95 per route so you see if it drifts back.",
                      question_id="prod-cost-latency-levers")
    routing = by_id(fb)["routing-smaller-models"]
    assert routing.status == "covered" and routing.evidence.startswith("Then route")
