"""Follow-up rubrics name the parts of a good answer, and the bank flags the myths QA found unflagged.

Each follow-up had one broad point, so a vague answer that echoed its opening ("Build both indexes and see
which one gives better answers") took all of it (10.0), while a right one-liner in other words took none of
it ("Get them in a room, agree on one primary metric and list the others as guardrails": 0.0). The points
are now the parts of the answer, each with its own wordings.
"""
from __future__ import annotations

import pytest

VAGUE = [
    ("rag-chunking-strategy#f1", "Build both indexes and see which one gives better answers"),
    ("rag-hybrid-rrf-fusion#f1", "I'd look at some queries and compare the results"),
    ("lexical-vs-semantic-search#f1", "I'd look at some queries and compare the results"),
    ("behav-labelling-quality#f0", "I checked the examples the model got wrong and looked at what they had in common."),
]


@pytest.mark.parametrize("question_id,answer", VAGUE)
def test_a_vague_answer_to_a_follow_up_earns_little(grader, question_id, answer):
    feedback = grader.grade(answer, question_id=question_id)
    assert feedback.score < 4, (question_id, feedback.score)
    assert not all(p.status == "covered" for p in feedback.points)


RIGHT = [
    ("behav-ambiguous-task#f1", "Get them in a room, agree on one primary metric and list the others as guardrails"),
    ("rag-chunking-strategy#f2", "It's worth it when answers need surrounding context: small chunks match precisely, "
                                 "and it costs more context tokens."),
    ("rag-hybrid-rrf-fusion#f1", "Run BM25 alone, dense alone and the fused list on the same judged queries, compare "
                                 "recall@k and nDCG, and split the results by query type."),
]


@pytest.mark.parametrize("question_id,answer", RIGHT)
def test_a_right_short_answer_to_a_follow_up_earns_credit(grader, question_id, answer):
    feedback = grader.grade(answer, question_id=question_id)
    assert feedback.score >= 5, (question_id, feedback.score)


MYTHS = [
    ("bm25-formula-parameters#f2", "I'd grid-search k1 and b and keep the pair with the best nDCG on the test set.",
     "Pick the k1 and b that score best on the test set."),
    ("rag-hybrid-rrf-fusion#f0", "k is the number of top documents you take from each list before fusing them.",
     "The k in RRF is the number of top documents taken from each list."),
    ("rag-hybrid-rrf-fusion", "RRF is a learned model that tunes weights.",
     "RRF is a learned model that tunes a weight for each retriever."),
    ("bleu-rouge-meteor-explained", "A high BLEU means the answer is correct.",
     "A high BLEU score means the output is correct."),
    ("tfidf-baseline-when-it-wins", "Transformers always beat TF-IDF.",
     "A transformer will always outperform TF-IDF, so the baseline is a waste of time."),
]


@pytest.mark.parametrize("question_id,answer,claim", MYTHS)
def test_the_myth_is_flagged(grader, question_id, answer, claim):
    feedback = grader.grade(answer, question_id=question_id)
    assert claim in [m.claim for m in feedback.misconceptions]
    assert feedback.score < 3


def test_tuning_on_held_out_queries_is_no_myth(grader):
    feedback = grader.grade("I'd grid search k1 and b on a development set of labelled queries, optimising nDCG. "
                            "Then I'd confirm the chosen values once on held-out queries that were not used for tuning.",
                            question_id="bm25-formula-parameters#f2")
    assert not feedback.misconceptions and feedback.score >= 7
