"""An acronym typed where the bank question spells the words out ("MQA" for "multi-query attention", "LR" for
"logistic regression") reads as those words when the question is held against that bank question
(bank_match.py, _ACRONYM)."""
from __future__ import annotations

import pytest

from bot.grading.bank_match import _in_bank_words
from tests.grading.test_bank_match_wording import bank_id


@pytest.mark.parametrize("question, qid", [
    ("TF-IDF + LR vs a fine-tuned transformer: when does the simple one win?", "tfidf-baseline-when-it-wins"),
    ("Why is MQA used to make attention cheaper on long sequences?", "attention-quadratic-cost-fixes"),
])
def test_a_rewording_with_an_acronym_the_bank_question_spells_out_gets_its_rubric(grader, question, qid):
    assert bank_id(grader, question) == qid


@pytest.mark.parametrize("question", ["How does GQA differ from MQA?",
                                      "What is LR warmup and why use it with transformers?"])
def test_a_question_the_bank_does_not_hold_stays_unmatched_with_its_acronyms_spelled_out(grader, question):
    assert bank_id(grader, question) is None


def test_only_an_acronym_the_bank_question_spells_out_and_does_not_type_is_spelled():
    bank = "Is an NER model with multi-query attention an interview topic?"
    assert _in_bank_words("Does MQA help NER?", bank) == "Does multi-query attention help NER?"
    assert _in_bank_words("Is AI hard?", bank) == "Is AI hard?"  # "an interview": a stopword begins it
