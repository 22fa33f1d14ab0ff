"""On a team's reference answer, a terse correct answer scores above a confident one that reuses the
reference's words to deny it (bench/grader_reference_kinds.py holds the rest of the set).

Both wrong answers below deny a point in a list ("does not grow with sequence length, layers or batch
size"; "do not compare error rates, latency or quality metrics"), where the negation stopped at the first
comma, so the listed words counted as said and the sentence as agreeing with the point.
"""
from __future__ import annotations

import pytest

from bot.grading.negation import contradicts
from bot.grading.polarity import read
from bot.grading.signals import content_stems

KV_QUESTION = "What is a KV cache and why does it speed up LLM decoding?"
KV_REFERENCE = ("During autoregressive decoding the model stores the keys and values it computed for earlier tokens "
                "in every layer. Each new token then only computes its own query, key and value and attends over the "
                "stored ones, instead of recomputing the whole prefix at every step. The price is memory: the cache "
                "grows linearly with sequence length, layers and batch size.")
KV_TERSE = ("Decoding reuses past tokens' K/V per layer, so each step computes only the new token's QKV instead of "
            "the whole prefix, at the cost of memory linear in length x layers x batch.")
KV_WRONG = ("The KV cache stores the final output tokens rather than the keys and values, so every step still "
            "recomputes the query, key and value of the whole prefix. Its real benefit is memory: the cache does "
            "not grow with sequence length, layers or batch size.")

CANARY_QUESTION = "What is a canary release and why use one for a model rollout?"
CANARY_REFERENCE = ("A canary release sends a small share of live traffic, say 1 to 5 percent, to the new version "
                    "while the rest stays on the old one. You compare error rates, latency and quality metrics "
                    "between the two groups before ramping up. If the canary looks worse you roll back quickly, so "
                    "a bad model only ever reaches a few users.")
CANARY_TERSE = ("Route 1-5% of live traffic to the new model, compare its errors, latency and quality with the old "
                "one, then ramp up or roll back, so a regression hits few users.")
CANARY_WRONG = ("A canary release sends all live traffic to the new version at once, and the old one is deleted so "
                "there is nothing to roll back to. You do not compare error rates, latency or quality metrics, "
                "because the two groups are not comparable. A bad model reaches every user, which is why canaries "
                "are only run on synthetic traffic.")


@pytest.mark.parametrize("point, sentence, question", [
    ("The price is memory: the cache grows linearly with sequence length, layers and batch size.",
     "Its real benefit is memory: the cache does not grow with sequence length, layers or batch size.", KV_QUESTION),
    ("You compare error rates, latency and quality metrics between the two groups before ramping up.",
     "You do not compare error rates, latency or quality metrics, because the two groups are not comparable.",
     CANARY_QUESTION),
])
def test_a_denied_list_contradicts_the_point_that_lists_it(point, sentence, question):
    stems = frozenset(content_stems(question))
    assert contradicts(read(point, stems), read(sentence, stems))


@pytest.mark.parametrize("question, reference, terse, wrong", [
    (KV_QUESTION, KV_REFERENCE, KV_TERSE, KV_WRONG),
    (CANARY_QUESTION, CANARY_REFERENCE, CANARY_TERSE, CANARY_WRONG),
])
def test_a_terse_correct_answer_scores_above_a_wrong_one_in_the_references_words(grader, question, reference,
                                                                                 terse, wrong):
    right = grader.grade(terse, question=question, reference=reference)
    denied = grader.grade(wrong, question=question, reference=reference)
    assert right.score > denied.score + 1
    assert any("says the opposite of a point" in n for n in denied.notes)


def test_a_list_after_a_statement_keeps_its_point(grader):
    """Only a list after a negated piece is carried into it: a correct answer with a list keeps its point."""
    fb = grader.grade("Each new token computes only its own query, key and value, and the cache grows linearly with "
                      "sequence length, layers and batch size.", question=KV_QUESTION, reference=KV_REFERENCE)
    assert fb.points[2].status == "covered"
    assert not any("says the opposite of a point" in n for n in fb.notes)
