"""Evidence makes the point it is quoted for: a sentence kept as one point's quote is no point's evidence
where it only sits near that point, alone or beside a sentence that does not make it (review of the offline
grader)."""
from __future__ import annotations

SEARCH = "lexical-vs-semantic-search"
LEVERS = "prod-cost-latency-levers"


def by_id(feedback) -> dict:
    return {p.point_id: p for p in feedback.points}


def test_a_keyword_search_sentence_is_no_evidence_for_the_semantic_search_point(grader):
    """The lexical sentence, the keyword point's quote, sits near the semantic point too; beside 'Semantic search
    is about meaning' (which says nothing of embeddings) the pair had covered the semantic point."""
    keyword = "Lexical search finds documents that contain the exact terms of the query, ranked with BM25."
    fb = grader.grade(f"{keyword} Semantic search is about meaning. Keyword search is better for error codes "
                      "and product numbers.", question_id=SEARCH)
    points = by_id(fb)
    assert points["keyword-def"].status == "covered"
    assert points["semantic-def"].status != "covered", points["semantic-def"]
    assert keyword not in (points["semantic-def"].evidence or ""), points["semantic-def"]


def test_a_measure_first_sentence_is_no_evidence_for_serving_optimisations(grader):
    """'Measure first' is the measuring point's quote; with the next sentence it had covered batching and
    streaming, where the answer's own streaming sentence is the one on that point."""
    measure = "Measure first: log tokens and latency per request."
    fb = grader.grade(f"{measure} Use a smaller model for easy requests and cache frequent answers. Streaming "
                      "helps perceived latency.", question_id=LEVERS)
    serving = by_id(fb)["serving-optimisations"]
    assert by_id(fb)["measure-first"].status == "covered"
    assert measure not in (serving.evidence or ""), serving
    assert serving.status == "missed" or "Streaming" in serving.evidence, serving
