"""A free-form question the guides barely cover is graded on the bank's points about it (bank_points.py)."""
from __future__ import annotations

import re

import pytest

from bot.grading.feedback import Citation
from bot.grading.grader import RETRIEVED_NOTE, UnknownQuestion
from bot.grading.rubric import RubricItem, from_bank_points

AGREEMENT = "How do you measure inter-annotator agreement?"
CANARY = "What is a canary release and why use one for a model upgrade?"
# Each is one point of a broader bank question; the guide sentences retrieved for it were beside the point
# (NER's entity types, an LLM judge's scale, a classifier's label set...).
ONE_POINT_OF_A_BANK_QUESTION = {
    AGREEMENT: ("search-relevance-judgments", "agreement"),
    "How would you build a golden regression set for an LLM feature?": ("open-ended-generation-eval",
                                                                        "golden-regression"),
    "How would you handle a provider outage for an LLM feature?": ("prod-tiered-routing-design", "provider-fallback"),
    "What is prompt injection through retrieved documents?": ("prod-prompt-injection-defense", "injection-explained"),
}


def _guide_sentence(item: RubricItem) -> bool:
    return bool(re.match(r"p\d+-", item.id)) and not item.phrasings


@pytest.mark.parametrize("question, owner", ONE_POINT_OF_A_BANK_QUESTION.items())
def test_a_question_that_is_one_point_of_a_bank_question_is_graded_on_that_point(grader, question, owner):
    qid, point_id = owner
    rubric = grader.resolver.resolve(question=question)
    curated = next(i for i in grader.resolver.bank(qid).items if i.id == point_id)
    assert rubric.items[0] == curated  # with its phrasings, hint and the citation its own question gives it
    assert rubric.source == "retrieved" and rubric.question_id is None


def test_a_right_answer_on_that_point_is_credited_and_the_source_still_said(grader):
    right = grader.grade("Give the same items to two or more annotators, compute Cohen's kappa on the overlap, then "
                         "adjudicate the disagreements and sharpen the guidelines where agreement is low.",
                         question=AGREEMENT)
    off = grader.grade("I would look at the class distribution and report span-level F1 for the entities.",
                       question=AGREEMENT)
    assert right.points[0].status != "missed" and right.score >= off.score + 3
    assert right.rubric_source == "retrieved" and RETRIEVED_NOTE in right.notes


@pytest.mark.parametrize("question, point_id", [(AGREEMENT, "agreement"), (CANARY, "gradual-rollout")])
def test_with_the_hybrid_retriever_the_bank_point_leads_the_rubric(services, question, point_id):
    """What the coach runs: the hybrid index found "check annotation quality and inter-annotator agreement" (a
    list that names the topic), CSAT scores and business metrics; for the canary, a dated model version and
    the hallucination rate."""
    rubric = services.grader.resolver.resolve(question=question)
    assert rubric.items[0].id == point_id and rubric.items[0].phrasings
    assert not any("CSAT" in i.point or "hallucination rate" in i.point for i in rubric.items)


@pytest.mark.parametrize("question, qid", [
    ("What is perplexity and what does a lower value mean?", "perplexity-explained"),
    ("Why replace a detected email with [EMAIL] rather than deleting it?", "prod-pii-logging-basics#f0"),
])
def test_a_question_the_bank_answers_keeps_its_own_rubric(grader, question, qid):
    assert grader.resolver.resolve(question=question) == grader.resolver.bank(qid)


@pytest.mark.parametrize("question", ["How would you roll out a new model version safely?",
                                      "What is a semantic cache?"])
def test_guides_that_answer_the_question_keep_the_rubric(grader, question):
    """The guides say it ("Send a small share of traffic to the new model ...", "A semantic cache embeds the
    request ..."): no bank point replaces them, nor one that only lists the topic ("Log retrieval scores, latency
    and user feedback, add a semantic cache, and run ...")."""
    rubric = grader.resolver.resolve(question=question)
    assert rubric.items and all(_guide_sentence(i) for i in rubric.items)


@pytest.mark.parametrize("question", ["What is the capital of France?", "What is dropout?"])
def test_a_question_nothing_covers_still_asks_for_a_reference(grader, question):
    """A bank point that names dropout in a list ("regularisation like dropout or weight decay") does not
    make the question covered."""
    with pytest.raises(UnknownQuestion, match="reference answer"):
        grader.resolver.resolve(question=question)


def test_two_bank_points_with_one_id_stay_two_points():
    item = RubricItem(id="agreement", point="Measure agreement.", weight=2.0, phrasings=("kappa",), hint="Agreement.",
                      citation=Citation("search-relevance", "Relevance"))
    other = RubricItem(id="agreement", point="Include gold check items.", weight=1.0, phrasings=(), hint="Gold items.",
                       citation=None)
    rubric = from_bank_points("How do you check annotators?", [item, other], [], [])
    assert [i.id for i in rubric.items] == ["agreement", "agreement-2"] and rubric.source == "retrieved"
    assert rubric.items[0] == item and rubric.model_answer == "Measure agreement. Include gold check items."
