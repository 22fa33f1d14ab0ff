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
])
def test_shorthand_is_spelled_out_and_nothing_else(typed, read):
    assert spelled_out(typed) == read


def test_a_terse_answer_in_shorthand_earns_its_point_and_is_quoted_as_typed(grader):
    fb = grader.grade("Bounded vocab, no OOV, shorter seqs than chars.", "tokenization-why-subwords")
    made = [p for p in fb.points if p.status != "missed"]
    assert made and fb.score >= 3
    assert all(p.evidence == "Bounded vocab, no OOV, shorter seqs than chars." for p in made)
