"""A bank question asked as a scenario hides its topic on purpose; a team's daily question in the direct form
("What is prompt injection and how do you defend an LLM app against it?") reaches it through the question's
`asked_as` phrasings and gets its curated rubric. A question near one of those short phrasings that asks
something else does not (bank_match.py, ASKED_AS_SHARE; bench/bank_match.py measures both)."""
from __future__ import annotations

import pytest

from tests.grading.test_bank_match_wording import bank_id

INJECTION = "What is prompt injection and how do you defend an LLM app against it?"
COST = "How do you reduce LLM inference cost and latency?"
INTENTS = "How do you handle intents that keep changing in an intent classifier?"

# Each took a rubric of retrieved guide sentences (or a request for a reference answer): the bank question's
# wording is a scenario that names neither the attack nor the topic.
DIRECT = {
    INJECTION: "prod-prompt-injection-defense",
    "How do you guard an LLM agent with tool access against prompt injection?": "prod-prompt-injection-defense",
    COST: "prod-cost-latency-levers",
    INTENTS: "intent-classifier-changing-labels",
    "Is a higher ROUGE score always a better summary?": "rouge-up-quality-unknown",
    "Why should you pin the model version of a hosted LLM?": "prod-model-update-regression",
}


@pytest.mark.parametrize("question, qid", DIRECT.items())
def test_the_direct_form_of_a_scenario_question_gets_its_curated_rubric(grader, question, qid):
    assert grader.resolver.resolve(question=question) == grader.resolver.bank(qid)


# Near a short phrasing (0.65-0.80 in cosine, naming only its words) but asking something narrower or else:
# each took the scenario question's rubric before a phrasing also had to be named for half its topic words.
@pytest.mark.parametrize("neighbour, sibling", [
    ("What is prompt injection?", INJECTION),  # a definition, not the defence the rubric grades
    ("What is intent classification?", INTENTS),
])
def test_a_question_near_a_phrasing_that_asks_something_else_keeps_a_rubric_of_its_own(grader, neighbour, sibling):
    assert bank_id(grader, sibling) == DIRECT[sibling]
    assert bank_id(grader, neighbour) is None


@pytest.mark.parametrize("neighbour, sibling", [
    ("What is jailbreaking an LLM?", INJECTION),
    ("What is an LLM agent?", INJECTION),
    ("How do you defend a web app against SQL injection?", INJECTION),
    ("What is a KV cache and why does it speed up LLM inference?", COST),
])
def test_a_neighbouring_topic_does_not_take_the_scenario_questions_rubric(grader, neighbour, sibling):
    assert bank_id(grader, sibling) == DIRECT[sibling]
    assert bank_id(grader, neighbour) is None


def test_the_phrasings_are_encoded_with_the_bank_questions_at_warm_up(grader):
    """One encoding of the bank at warm-up covers the phrasings and their clauses; a team question then costs
    one encoding of itself (and of its clauses when it is worded apart)."""
    from bot.grading.resolve import RubricResolver

    cold = RubricResolver(grader.resolver.embedder, list(grader.resolver.questions.values()), grader.resolver.sections)
    cold.bank_matcher.warm()
    phrasings = [(q.id, t) for q in cold.questions.values() for t in q.asked_as]
    assert len(phrasings) >= 8 and cold.bank_matcher._question_vecs.shape[0] == len(cold.bank_matcher._rows)
    assert set(phrasings) <= set(cold.bank_matcher._rows)
    assert {o for o in cold.bank_matcher._clause_owners if o in set(phrasings)}
    assert cold.bank_matcher.bank_id(INJECTION) == "prod-prompt-injection-defense"
