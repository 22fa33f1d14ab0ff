"""One line of code sent without fences is code alone, as a multi-line paste is: not graded, the try open.
So is a message that is one inline code span of code (QA: `retriever.search(query, k=5)` in a daily thread was
graded 0 and counted). A sentence that names a function (`sorted()`) or starts with `return` is prose and is
graded, and a term in backticks (`BM25`) is a term."""
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
INLINE_CODE = [
    "`retriever.search(query, k=5)`",
    "``retriever.search(query, k=5)``",
    "  `sorted(docs, key=score)[:10]` ",
    "`scores = model.predict(pairs)`",
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
    "`BM25`",
    "`text-embedding-3-small`",
    "I call `retriever.search(query, k=5)` and rerank the five passages.",
    "`retriever.search(query, k=5)` returns the five nearest chunks.",
]


@pytest.mark.parametrize("answer", ONE_LINERS + INLINE_CODE)
def test_one_line_of_code_alone_is_code(answer):
    prepared = prepare(answer)
    assert CODE_NOTE in prepared.notes and prepared.code_units == len(prepared.units), prepared


@pytest.mark.parametrize("answer", PROSE)
def test_a_sentence_that_mentions_code_is_graded_as_prose(answer):
    prepared = prepare(answer)
    assert CODE_NOTE not in prepared.notes and prepared.code_units == 0, prepared


@pytest.mark.parametrize("answer", [ONE_LINERS[0], INLINE_CODE[0]])
def test_one_line_of_code_keeps_its_try(grader, answer):
    from bot.engine.not_graded import unreadable_notes

    fb = grader.grade(answer, question_id="rag-hybrid-rrf-fusion")
    assert unreadable_notes(fb, answer) == [CODE_NOTE]
