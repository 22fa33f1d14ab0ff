"""A free-form question takes a bank question's rubric only when it asks about the same thing, not merely in
the same setting: "RAG" or "LLM" in both, and the first letters of "retriever" in "the retrieved documents", do
not make evaluating a retriever the same question as measuring whether answers are faithful (QA: a right answer
on recall@k scored 0.2 against the faithfulness rubric). bank_match.py, _SETTING and _COMPONENT."""
from __future__ import annotations

import pytest

from tests.grading.test_bank_match_wording import bank_id


@pytest.mark.parametrize("question, near", [
    ("How do you evaluate the retriever in a RAG system?", "hallucination-detection-methods"),  # QA
    ("How would you test the reranker in a RAG pipeline?", "rag-reranking-stage"),
])
def test_a_question_about_another_part_of_the_same_setting_keeps_a_rubric_of_its_own(grader, question, near):
    assert grader.resolver.bank_matcher.closest_bank_question(question)[0] == near
    assert bank_id(grader, question) is None


@pytest.mark.parametrize("question, qid", [
    ("How do you measure whether a RAG system's answers stick to the retrieved documents?",
     "hallucination-detection-methods"),
    ("Why do LLMs make stuff up?", "hallucination-basics"),  # one word beside the setting: the cosine judges
    ("Hot take request: with LLMs around, are TF-IDF, BM25 and regexes still worth knowing?",
     "faq-classical-nlp-still-matters"),
])
def test_the_same_question_in_the_same_setting_still_gets_the_bank_rubric(grader, question, qid):
    assert bank_id(grader, question) == qid


def test_a_right_answer_on_evaluating_a_retriever_is_not_graded_on_faithfulness(services):
    grader = services.grader  # as `coach grade` and the bot: the hybrid index
    question = "How do you evaluate the retriever in a RAG system?"
    right = ("Build a set of real questions with the passages that answer them labelled, then measure recall@k at "
             "the k you pass to the model, because if the right chunk isn't retrieved the generator can't use it. "
             "MRR or nDCG tell you about ordering if you rerank. I'd also spot-check failures by hand.")
    hedge = ("I think you could maybe just look at the final answers and ask users if they're happy? Probably accuracy "
             "of the final answer is what matters, the retriever on its own is hard to evaluate.")
    fb = grader.grade(right, question=question)
    assert fb.question_id != "hallucination-detection-methods"
    assert fb.score >= 5 and grader.grade(hedge, question=question).score < fb.score - 2


def test_a_typed_question_graded_on_a_bank_question_says_which_one(grader, pack):
    q = pack.by_id["hallucination-detection-methods"]
    fb = grader.grade(q.model_answer, question="How do you measure whether a RAG system's answers stick to the "
                                               "retrieved documents?")
    assert fb.rubric_source == "bank" and fb.question_id == q.id
    said = [n for n in fb.notes if " ".join(q.question.split()) in n]
    assert len(said) == 1 and "reference answer" in said[0]


def test_a_bank_question_asked_by_its_id_gets_no_such_note(grader, pack):
    q = pack.by_id["hallucination-detection-methods"]
    fb = grader.grade(q.model_answer, question_id=q.id)
    assert not [n for n in fb.notes if " ".join(q.question.split()) in n]
