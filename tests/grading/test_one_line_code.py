"""One line of code sent without fences is code alone, as a multi-line paste is: not graded, the try open.
A sentence that names a function (`sorted()`) or starts with `return` is prose and is graded."""
from __future__ import annotations

import pytest

from bot.grading.text import CODE_NOTE, prepare

ONE_LINERS = [
    "def rerank(docs): return sorted(docs, key=score)[:10]",
    "return sorted(docs, key=score)[:10]",
    "scores = model.predict([(query, d) for d in docs])",
    "import numpy as np",
    "from sentence_transformers import CrossEncoder",
    "const top = docs.sort((a, b) => b.score - a.score).slice(0, 10);",
]
PROSE = [
    "I would use sorted() with a key to rerank the docs.",
    "return the documents sorted by their cross-encoder score",
    "Use sorted(docs, key=score) and keep the top ten.",
    "import the library and call it on each pair",
    "Recall = tp / (tp + fn)",
    "O(log n)",
    "P(A|B) = P(B|A)P(A)/P(B)",
    "y = softmax(Wx + b)",
    "BM25(q, d) = sum over terms of IDF times saturated tf",
    "rerank(docs) sorts them by a cross-encoder score and keeps the best ten",
]


@pytest.mark.parametrize("answer", ONE_LINERS)
def test_one_line_of_code_alone_is_code(answer):
    prepared = prepare(answer)
    assert CODE_NOTE in prepared.notes and prepared.code_units == len(prepared.units), prepared


@pytest.mark.parametrize("answer", PROSE)
def test_a_sentence_that_mentions_code_is_graded_as_prose(answer):
    prepared = prepare(answer)
    assert CODE_NOTE not in prepared.notes and prepared.code_units == 0, prepared


def test_one_line_of_code_keeps_its_try(grader):
    from bot.engine.not_graded import unreadable_notes

    answer = ONE_LINERS[0]
    fb = grader.grade(answer, question_id="rag-hybrid-rrf-fusion")
    assert unreadable_notes(fb, answer) == [CODE_NOTE]
