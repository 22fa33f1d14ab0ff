"""The follow-ups where bench/followup_echo.py found a vague answer scoring 5 or more now name the parts of a
good answer, so saying nothing specific earns little and a specific answer in other words still earns a lot.

Before the split, "I would check the data, talk to the people involved and fix the problems I find" took 8.3
on behav-disagree-researcher#f2, and the follow-up said back as a plan took 5.4 on
prod-model-update-regression#f2.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from followup_echo import GENERIC, echo  # noqa: E402

SPLIT = ["behav-disagree-researcher#f2", "prod-model-update-regression#f2", "behav-launch-pushback#f1",
         "conversational-eval-framework#f2", "bpe-wordpiece-unigram-compared#f1", "search-relevance-improvement#f0",
         "behav-prompt-vs-finetune#f2", "coding-rouge-1-2#f1", "support-chatbot-junior#f0", "behav-mentoring#f1",
         "support-chatbot-junior#f1", "ticket-classifier-system-design#f0", "prod-enterprise-rag-latency-budget#f0"]


def _followup_question(grader, followup: str) -> str:
    question_id, _, index = followup.partition("#f")
    return grader.resolver.questions[question_id].followups[int(index)].question


@pytest.mark.parametrize("followup", SPLIT)
def test_a_vague_answer_to_a_split_follow_up_earns_little(grader, followup):
    for answer in (echo(_followup_question(grader, followup)), *GENERIC):
        feedback = grader.grade(answer, question_id=followup)
        assert feedback.score < 4, (followup, answer, feedback.score)


SPECIFIC = [
    ("conversational-eval-framework#f2",
     "I'd take the agents seriously: they read thousands of these chats, so our automated scores are probably blind "
     "to something. I'd pull pairs of conversations from the old and new model, hide which is which, and have agents "
     "say what is worse, maybe the replies got longer and less empathetic. Whatever they find becomes a new rubric "
     "criterion for the LLM judge, checked against agent ratings, and then a small A/B test on resolution rate and "
     "CSAT decides."),
    ("search-relevance-improvement#f0",
     "With vocabulary mismatch, the product the user wants is in the catalogue but described with other words, like "
     "couch versus sofa, so keyword matching misses it. An intent failure returns things matching the words but not "
     "the need, like 'jaguar' giving cars to someone after the animal. For a failing query I check whether a relevant "
     "item exists under a synonym, and whether rephrasing the query in catalogue terms finds it."),
    ("bpe-wordpiece-unigram-compared#f1",
     "Rarely. The pretrained embeddings are indexed by the old vocabulary's ids, so a new tokenizer makes them "
     "meaningless and you lose much of pretraining. I'd only do it when pretraining from scratch, or when my language "
     "or domain, say code or Amharic, gets split into several times more tokens per word. For fine-tuning I keep the "
     "original and maybe add some frequent domain terms as new tokens, initialised from the mean of their sub-pieces."),
    ("behav-launch-pushback#f1",
     "I'd send one note to the decision maker with the error rate we measured and roughly how many customers a day it "
     "would affect, and then stop arguing. Then I'd make the launch safe: daily sampling of answers on the risky "
     "policy questions with a threshold like two percent wrong, and a feature flag so we can turn those topics off "
     "and hand them to human agents within minutes."),
    ("support-chatbot-junior#f1",
     "I'd mine the logs for chats that went badly: the fallback reply, low classifier confidence, people typing 'agent' "
     "or rephrasing again and again, or leaving mid-chat. Then label a few hundred of those with what the customer "
     "actually wanted and what failed, and tally by error type. The frequent unhandled requests become new intents, "
     "the misread messages go into the training data, and we repeat that every sprint."),
    ("coding-rouge-1-2#f1",
     "For multiple references I compute the score against every reference on its own and keep the highest, or average "
     "them, and document the choice. For ROUGE-L I'd find the longest common subsequence with a DP table over the two "
     "token sequences, O(mn), then precision is LCS divided by candidate length, recall is LCS divided by reference "
     "length, and I report their F1."),
    ("behav-mentoring#f1",
     "I can't do one-to-ones with everyone, so I'd multiply myself. Write an onboarding guide and review checklist once "
     "so juniors stop asking the same things. Give each junior a mid-level buddy and spend my time coaching the "
     "buddies. And run a weekly paper club and design review so one session reaches all of them."),
    ("ticket-classifier-system-design#f0",
     "I'd first make sure the scores are calibrated on held-out tickets, using temperature scaling if 0.8 confidence "
     "isn't right 80% of the time. Then sweep the cutoff and plot precision of the auto-routed tickets against how many "
     "get routed automatically. I'd choose the point where the cost of sending a ticket to the wrong team balances the "
     "cost of a human triaging it, maybe stricter for urgent queues."),
]


@pytest.mark.parametrize("followup,answer", SPECIFIC)
def test_a_specific_answer_in_other_words_scores_well(grader, followup, answer):
    feedback = grader.grade(answer, question_id=followup)
    assert feedback.score >= 7, (followup, feedback.score)
    assert sum(p.status == "covered" for p in feedback.points) >= 2
