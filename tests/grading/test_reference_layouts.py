"""How a team's reference is split into points, as teams write them (QA round on daily references)."""
from __future__ import annotations

from bot.grading.rubric import key_points

QUESTION = "How do we chunk documents for search?"


def test_each_terse_bullet_is_its_own_point():
    assert key_points("- 512 tokens\n- 64 overlap\n- headings first\n- tables whole") == [
        "512 tokens", "64 overlap", "headings first", "tables whole"]


def test_a_markdown_heading_is_no_part_of_a_point():
    assert key_points("## Chunking\n- Chunk size is 512 tokens with 64 overlap.\n- We split on headings first.") == [
        "Chunk size is 512 tokens with 64 overlap.", "We split on headings first."]


def test_a_pointer_to_a_wiki_or_a_person_is_no_point(grader):
    reference = ("Chunk size is 512 tokens with 64 overlap. We split on headings first and keep tables whole. "
                 "See https://wiki.example.com/search/chunking for details. Ask @maria if unsure.")
    assert key_points(reference) == ["Chunk size is 512 tokens with 64 overlap.",
                                     "We split on headings first and keep tables whole."]
    fb = grader.grade("We cut documents into 512-token chunks overlapping by 64 tokens. We split on headings first "
                      "and never cut a table in half.", question=QUESTION, reference=reference)
    assert fb.score >= 8 and "wiki" not in fb.next_step, (fb.score, fb.next_step)


def test_a_one_line_list_stays_one_point():
    assert key_points("Precision, recall, F1.") == ["Precision, recall, F1."]


CACHE_REFERENCE = ("- Key by model name + hash of the normalised text\n- Store vectors in Redis with a 30-day TTL\n"
                   "- Flush the cache when the embedding model changes\n- Batch the cache misses")


def test_a_terse_answer_of_short_phrases_is_no_keyword_list(grader):
    """QA: "Redis, keyed by model + text hash, 30 day expiry." scored 0.12, every point missed, and was told its
    terms had no explanation; "In Redis, keyed by ..., with a 30 day expiry." scored 5.7."""
    from bot.grading.signals import explanation_factor

    assert explanation_factor("Redis, keyed by model + text hash, 30 day expiry.") > 0.3
    assert explanation_factor("BM25, TF-IDF, inverted index, hybrid retrieval, dense vectors.") == 0.3
    fb = grader.grade("Redis, keyed by model + text hash, 30 day expiry.",
                      question="How do we cache embeddings here?", reference=CACHE_REFERENCE)
    assert fb.score >= 4 and sum(p.status != "missed" for p in fb.points) >= 2, fb.score


def test_a_sub_bullet_keeps_its_parent_line():
    """QA: "- Latency budget:" then "  - p50 under 300 ms" became the point "p50 under 300 ms"."""
    assert key_points("- Latency budget:\n  - p50 under 300 ms\n  - p95 under 1.2 s\n"
                      "- Cache the embeddings of frequent queries") == [
        "Latency budget: p50 under 300 ms", "Latency budget: p95 under 1.2 s",
        "Cache the embeddings of frequent queries"]
