"""A team lead's lead-in before a colon ("Today's brain teaser from the platform team: ...") frames the question
when it names none of the bank question's words: the question after it still reaches its bank question
(bank_match.py, _LEAD_IN; bench/bank_match.py counts such rewordings as framed)."""
from __future__ import annotations

import pytest

from tests.grading.test_bank_match_wording import bank_id


@pytest.mark.parametrize("question, qid", [
    ("Today's brain teaser from the platform team: how would you explain what a decision tree learns and where "
     "it breaks?", "levels-decision-trees"),  # 2 of its 9 topic words were the bank question's
    ("Hiring loop practice, round two: how does perplexity get computed and is lower always better?",
     "perplexity-explained"),
])
def test_a_lead_in_that_names_nothing_of_the_bank_question_does_not_count_against_it(grader, question, qid):
    assert bank_id(grader, question) == qid


@pytest.mark.parametrize("question", [
    "Brain teaser for the team: what is nucleus sampling and when would you use it?",
    "Quick one from the search team: how do you compute recall@k when relevance labels are graded?",
    "Hiring loop practice: how does grouped-query attention differ from multi-query attention?",
])
def test_a_question_after_a_lead_in_that_the_bank_does_not_hold_keeps_a_rubric_of_its_own(grader, question):
    assert bank_id(grader, question) is None
