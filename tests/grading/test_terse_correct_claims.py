"""A terse, correct one-sentence claim earns at least part of its point on the core bank questions, while a
bare list of the same terms stays near zero.

Before the short phrasings, "BM25 needs no training." reached strength 0.34 on the no-training point and
"BM25 runs on an inverted index so it is fast." 0.30 on the inverted-index point, under the bank curve's
partial bar of 0.42, so both were missed.
"""
from __future__ import annotations

import pytest

TERSE = [
    ("bm25-why-still-used", "no-training", "BM25 needs no training."),
    ("bm25-why-still-used", "fast-inverted-index", "BM25 runs on an inverted index so it is fast."),
    ("bi-encoder-vs-cross-encoder", "pipeline", "Use the bi-encoder to retrieve and the cross-encoder to rerank."),
    ("lexical-vs-semantic-search", "semantic-wins", "Semantic search handles synonyms like car and automobile."),
    ("rag-what-and-why", "grounding-citations", "It reduces hallucinations and lets you cite sources."),
]


@pytest.mark.parametrize("question_id,point_id,answer", TERSE)
def test_a_terse_correct_claim_earns_at_least_part_of_its_point(grader, question_id, point_id, answer):
    feedback = grader.grade(answer, question_id=question_id)
    status = next(p.status for p in feedback.points if p.point_id == point_id)
    assert status in ("partial", "covered"), (question_id, point_id, status, feedback.score)


STUFFED = [
    ("bm25-why-still-used", "bm25, term, frequency, idf, length, training, inverted, index, exact, match, codes, "
                            "synonyms, hybrid"),
    ("bi-encoder-vs-cross-encoder", "bi-encoder, cross-encoder, precompute, rerank, pair, attention, latency, "
                                    "recall, precision"),
    ("rag-what-and-why", "rag, retrieval, context, prompt, private, data, hallucination, citations, reindex"),
]


@pytest.mark.parametrize("question_id,answer", STUFFED)
def test_a_list_of_the_same_terms_stays_low(grader, question_id, answer):
    assert grader.grade(answer, question_id=question_id).score < 1.0
