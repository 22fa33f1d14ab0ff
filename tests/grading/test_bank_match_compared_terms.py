"""A bank question that compares named terms (MRR and nDCG; precision@k and recall@k, which its id says is
about recall@k) is not the question of someone who asks about one of them alone: its rubric would ask for the
other too (bank_match.py, compared terms; bench/bank_match.py counts them among the negatives)."""
from __future__ import annotations

import pytest

from tests.grading.test_bank_match_wording import bank_id


@pytest.mark.parametrize("question, compared", [
    ("What is precision@k?", "recall-at-k-for-rag"),  # every word of it is in the bank question
    ("Explain MRR.", "retrieval-metrics-mrr-ndcg"),
    ("What is nDCG and how is it computed?", "retrieval-metrics-mrr-ndcg"),
    ("What does METEOR measure?", "bleu-rouge-meteor-explained"),
    ("What is a cross-encoder?", "bi-encoder-vs-cross-encoder"),
])
def test_a_question_about_one_of_the_compared_terms_keeps_a_rubric_of_its_own(grader, question, compared):
    assert grader.resolver.bank_matcher.closest_bank_question(question)[0] == compared
    assert bank_id(grader, question) is None


@pytest.mark.parametrize("question, qid", [
    ("Explain self-attention.", "self-attention-qkv-explained"),  # names no compared term
    ("Explain recall@k for RAG.", "recall-at-k-for-rag"),  # the one its id names
    ("What's MRR vs nDCG, and which would you pick?", "retrieval-metrics-mrr-ndcg"),  # both of them
    ("Explain BLEU and ROUGE, and where each one is used.", "bleu-rouge-meteor-explained"),  # two of three
    # the bank question's examples ("like word2vec or GloVe"), which its id does not name, are not compared terms
    ("word2vec vs BERT embeddings: what's the actual difference?", "embeddings-static-vs-contextual"),
])
def test_a_question_naming_the_subject_or_every_compared_term_still_gets_the_bank_rubric(grader, question, qid):
    assert bank_id(grader, question) == qid
