"""A team's own daily question reaches the bank question it rewords, however it is typed (compound, framed,
abbreviated, shorter), and gets its curated rubric; a question near a bank topic that asks something else does
not (bank_match.py, BANK_WORDED; bench/bank_match.py measures both on more questions)."""
from __future__ import annotations

import pytest

from bot.grading.resolve import UnknownQuestion

QUADRATIC = "Why is self-attention quadratic in sequence length, and what do people do about it?"
RAG = "What is RAG and why not just ask the LLM directly?"
MERGE = "We have BM25 results and dense results for the same query. How do we merge them, and why does everyone use RRF?"
VENDOR = "A vendor claims their LLM has way lower perplexity than ours, so we should switch. How would you check that?"

# Each took a rubric of two to four retrieved guide sentences, with no misconception checked.
REWORDED = {
    QUADRATIC: "attention-quadratic-cost-fixes",  # QA's report: compound, "quadratic" not in the bank's wording
    "In your experience, what makes attention so costly on long inputs, and how do FlashAttention or MQA help?":
        "attention-quadratic-cost-fixes",
    RAG: "rag-what-and-why",  # nearer the recall@k question (0.48) until "RAG" is spelled out
    MERGE: "rag-hybrid-rrf-fusion",
    VENDOR: "perplexity-model-comparison",
    "How do you pick the vocab size for a new model, and what are you trading off?": "vocabulary-size-tradeoffs",
    "Our LLM bill tripled and p95 latency is over 5s. Which levers would you pull, and in what order?":
        "prod-cost-latency-levers",
    "Why do LLMs make stuff up?": "hallucination-basics",
    "What is NER, and how does BIO tagging handle entities that span multiple words?": "ner-bio-tagging-basics",
    "How do you decide what goes into the context window in RAG: how many chunks, in what order, with what "
    "metadata, within the token budget?": "rag-context-assembly",
}


def bank_id(grader, question: str) -> str | None:
    try:
        rubric = grader.resolver.resolve(question=question)
    except UnknownQuestion:
        return None
    return rubric.question_id if rubric.source == "bank" else None


@pytest.mark.parametrize("question, qid", REWORDED.items())
def test_a_bank_question_in_other_words_gets_its_curated_rubric(grader, question, qid):
    assert grader.resolver.resolve(question=question) == grader.resolver.bank(qid)


def test_the_qa_wordings_of_one_question_get_the_same_rubric(grader):
    rubric = grader.resolver.resolve(question=QUADRATIC)
    assert rubric == grader.resolver.resolve(question="Why does self-attention get expensive on long sequences?")
    assert rubric.misconceptions and len(rubric.items) > 2


# A question near a bank topic that asks something narrower or else, beside a rewording of that bank question
# that now reaches it: the rewording's bar does not pull the neighbour in.
@pytest.mark.parametrize("neighbour, sibling", [
    ("What is sparse attention, like in Longformer?", QUADRATIC),
    ("How does multi-query attention differ from grouped-query attention?", QUADRATIC),
    ("What is RLHF and why is it used for LLMs?", RAG),  # "What is X and why ... LLM", as RAG's is
    ("How do you compute MAP, mean average precision, for a ranked list?", MERGE),
    ("What is perplexity-based filtering of a pretraining corpus?", VENDOR),
])
def test_a_neighbouring_question_keeps_a_rubric_of_its_own(grader, neighbour, sibling):
    assert bank_id(grader, sibling) == REWORDED[sibling]
    assert bank_id(grader, neighbour) is None


@pytest.mark.parametrize("question", ["What is fine-tuning?", "What's the difference between prompting and fine-tuning?"])
def test_a_technical_question_never_takes_a_story_questions_rubric(grader, question):
    """Both named behav-prompt-vs-finetune's topic and were graded as a story with situation, task, action;
    a question that asks for the story, in other words, still gets it."""
    assert grader.resolver.bank_matcher.closest_bank_question(question)[0] == "behav-prompt-vs-finetune"
    assert bank_id(grader, question) != "behav-prompt-vs-finetune"
    story = "Have you ever had to choose between prompting and fine-tuning a model? How did you decide?"
    assert bank_id(grader, story) == "behav-prompt-vs-finetune"


def test_the_bot_warm_up_encodes_the_bank_questions_and_clauses_team_questions_are_matched_on(grader):
    """The bot warms its rubrics in the background at start; a team's first own question otherwise
    waited for ~200 bank clauses to be encoded."""
    from bot.grading.grader import Grader
    from bot.grading.resolve import RubricResolver
    from bot.service.grading_port import BankGrading

    cold = RubricResolver(grader.resolver.embedder, list(grader.resolver.questions.values()), grader.resolver.sections)
    warmed = Grader(grader.offline, cold)
    BankGrading(warmed, grader.resolver.sections).warm([])
    assert cold.bank_matcher._question_vecs is not None and cold.bank_matcher._clause_vecs is not None
    assert len(cold.bank_matcher._clause_owners) > 50
    assert cold.reference_citations._lexical is not None
    assert set(cold._section_vecs) == {s.id for s in cold.reference_citations._sections}
    assert bank_id(warmed, QUADRATIC) == "attention-quadratic-cost-fixes"
