"""The relevance gate reads an answer it would keep out after its question, with the real model: a terse
answer that leans on the question ("it") is graded; an answer about something else is still kept out."""
from __future__ import annotations

import pytest

from bot.grading.offline import relevance
from bot.grading.scoring import OFF_TOPIC, OFF_TOPIC_NOTE, SHORT_UNPLACED_NOTE, UNGRADED_NOTES
from bot.grading.text import prepare

QUESTION = "What is the main advantage of linked lists over arrays?"
REFERENCE = "The linked lists can be of variable length."


def read(grader, answer: str):
    """The answer's vectors on the reference rubric, and its relevance as the gate measures it alone."""
    rubric = grader.rubric(question=QUESTION, reference=REFERENCE)
    prepared = prepare(answer, grader.max_words)
    vecs = grader.offline.encode_answers([prepared], [rubric])[0]
    rv = grader.offline.vectors(rubric)
    return vecs, relevance(grader.offline.units(prepared, vecs.sentences, rv.question_vec), rv)


@pytest.mark.parametrize("answer", ["You can keep adding to it without choosing a size first.",
                                    "they grow and shrink as needed"])
def test_a_terse_answer_that_leans_on_the_question_is_graded(grader, answer):
    _, alone = read(grader, answer)
    assert alone < OFF_TOPIC  # on its own words the answer is under the gate
    feedback = grader.grade(answer=answer, question=QUESTION, reference=REFERENCE)
    assert not set(UNGRADED_NOTES) & set(feedback.notes)


@pytest.mark.parametrize(("answer", "note"), [
    ("A stack pops the item that was pushed last, so it suits undo histories.", OFF_TOPIC_NOTE),
    ("My favourite colour is green, like the leaves in spring.", OFF_TOPIC_NOTE),
    ("Quicksort picks a pivot and partitions around it.", SHORT_UNPLACED_NOTE),
])
def test_an_answer_about_something_else_is_read_in_context_and_still_kept_out(grader, answer, note):
    vecs, _ = read(grader, answer)
    assert vecs.in_context is not None
    feedback = grader.grade(answer=answer, question=QUESTION, reference=REFERENCE)
    assert note in feedback.notes
    assert feedback.score == 0


def test_an_answer_the_gate_lets_in_is_not_read_again(grader):
    vecs, alone = read(grader, "Linked lists can grow to any length, while an array's size is fixed.")
    assert alone >= OFF_TOPIC
    assert vecs.in_context is None
