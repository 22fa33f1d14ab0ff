"""Chat shorthand ("vocab", "OOV", "chars", "w/o") is read as the words it stands for, and quoted as typed."""
from __future__ import annotations

import pytest

from bot.grading.shorthand import spelled_out


@pytest.mark.parametrize("typed, read", [
    ("Bounded vocab, no OOV, shorter seqs than chars.",
     "Bounded vocabulary, no out-of-vocabulary, shorter sequences than characters."),
    ("Rerank w/o a cross-encoder b/c perf matters in prod.",
     "Rerank without a cross-encoder because performance matters in production."),
    ("A doc-level eval of the docstring in EOF order.", "A doc-level evaluation of the docstring in EOF order."),
    ("ok so u weight words by rarity (tfidf) and then logreg learns a weight per word",
     "ok so you weight words by rarity (TF-IDF) and then logistic regression learns a weight per word"),
    ("A U-Net, a Turbo model and a logregression.", "A U-Net, a Turbo model and a logregression."),
    ("Cache past K/V. Costs VRAM.", "Cache past keys and values. Costs GPU memory."),
])
def test_shorthand_is_spelled_out_and_nothing_else(typed, read):
    assert spelled_out(typed) == read


def test_a_terse_answer_in_shorthand_earns_its_point_and_is_quoted_as_typed(grader):
    fb = grader.grade("Bounded vocab, no OOV, shorter seqs than chars.", "tokenization-why-subwords")
    made = [p for p in fb.points if p.status != "missed"]
    assert made and fb.score >= 3
    assert all(p.evidence == "Bounded vocab, no OOV, shorter seqs than chars." for p in made)


def test_a_juniors_casual_tfidf_answer_touches_the_weighting_point(grader):
    """QA: "(tfidf)" and "logreg" were read as unknown words and the answer earned no point."""
    fb = grader.grade("ok so u turn the text into word counts weighted by how rare the word is (tfidf) and then "
                      "logreg learns a weight per word. it cant do word order i think", "tfidf-logreg-how-it-works")
    assert {p.point_id: p.status for p in fb.points}["tfidf-weighting"] != "missed"


@pytest.mark.parametrize("typed, read", [
    ("RRF sums 1/(k + rank) over the lists, k=60.", "RRF sums 1 divided by (k plus rank) over the lists, k equals 60."),
    ("scale by 1/sqrt(d_k)", "scale by 1 divided by sqrt(d_k)"),
    ("(a+b)/(c+d), then p/2", "(a plus b) divided by (c plus d), then p divided by 2"),
    # a slash between words, or between two numbers, is no division; C++ and == stay
    ("TCP/IP, precision/recall, and/or, 50/50, 24/7, N/df in C++ with x == y",
     "TCP/IP, precision/recall, and/or, 50/50, 24/7, N/df in C++ with x == y"),
])
def test_an_inline_formula_is_read_as_words(typed, read):
    assert spelled_out(typed) == read


def test_the_rrf_formula_typed_in_symbols_earns_the_formula_point(grader):
    """QA: '1/(k + rank)' earned nothing on the point that says '1 divided by k plus its rank'."""
    fb = grader.grade("Reciprocal rank fusion sums 1/(k + rank) over the lists, with k around 60, so only positions "
                      "matter.", "rag-hybrid-rrf-fusion")
    assert {p.point_id: p.status for p in fb.points}["rrf-formula"] != "missed"


def test_an_experts_terse_kv_answer_is_read_in_full_words(grader):
    """QA: "K/V" and "VRAM" were read as unknown words: 5.1 of 10 for a right answer. "Costs GPU memory." alone is
    still too short to make the memory point, which also says what it buys."""
    fb = grader.grade("Cache past K/V so each decode step is O(1) new projections, not O(n) recompute. Costs VRAM.",
                      question="What is a KV cache and why does it speed up generation?",
                      reference="The KV cache stores the attention keys and values computed for previous tokens, so "
                                "each new decoding step only computes them for the newest token instead of re-running "
                                "the whole prefix. It trades GPU memory for lower per-token latency.")
    assert fb.points[0].status == "covered" and fb.score >= 6.5
