"""Twenty-eight more follow-ups, the single-point ones where bench/followup_echo.py found the highest vague
scores (2.8-3.6), now name the parts of a good answer: a vague answer or the follow-up said back stays low,
and a specific answer in other words covers at least two of the new points and scores 7 or more.

Before the split, "I would work out this: why could passage length matter so much for a cross-encoder and
compare the results." took 3.5 on rag-debugging-reranker-regression#f0 (now 1.5), and no answer could cover
two points of a one-point rubric.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from followup_echo import GENERIC, echo  # noqa: E402

SPECIFIC = [
    ("rag-reranking-stage#f0",
     'Web search relevance is about short snippets answering casual queries, while contracts are long, formal '
     'clauses full of defined terms, so the model may rank the clause that actually answers the question below '
     "some chatty boilerplate. I'd label a couple hundred real contract queries and compare nDCG with and "
     "without the reranker. If it loses, I'd fine-tune it on our own question-clause pairs or use a "
     'legal-domain model.'),
    ("vocabulary-size-tradeoffs#f0",
     "I'd take a decent sample of real text in that language, tokenize it and compute the average tokens per "
     'word. Then do the same on parallel English text; if the language needs two or three times as many tokens '
     "for the same content, the tokenizer is inefficient for it. I'd also look at the splits themselves, lots "
     'of single characters or byte fallbacks is a bad sign.'),
    ("rag-debugging-reranker-regression#f0",
     'Cross-encoders take the query and the passage as one input with a cap, usually 512 tokens. Anything past '
     'that is simply cut off, so in a long chunk where the answer appears near the end the model never reads '
     "it and gives the passage a low score. I'd check whether the new model has a smaller limit than the old "
     'one and compare it with our chunk sizes, then use smaller chunks or score sliding windows.'),
    ("search-relevance-judgments#f1",
     "There's no fixed number. It depends on how big the improvement is and how much the per-query differences "
     "vary: fifty queries can show a big jump, but a one-point nDCG gain might need several hundred. I'd score "
     'both systems on the same queries, run a paired t-test or Wilcoxon on the differences, and bootstrap a '
     'confidence interval for the gap to see if it excludes zero.'),
    ("rag-evaluation-plan#f0",
     "I'd get humans to label a few hundred answers as supported or not supported by the retrieved context and "
     "compute Cohen's kappa with the judge's verdicts. I'd also test for biases: does it reward longer "
     "answers, or answers in its own style. And I'd pin the judge model and prompt and make it quote the "
     'evidence for each claim, re-running the human check whenever it changes.'),
    ("embeddings-when-static-wins#f0",
     'The simplest way is to take the mean of the word vectors. Better is a weighted mean where frequent words '
     "like 'the' count less, using IDF or SIF weights. The catch is that this is order-blind, 'dog bites man' "
     "and 'man bites dog' give the same vector, and negation is easily lost."),
    ("perplexity-explained#f0",
     'Perplexity is exp of the average loss per token, so the number of tokens the text is split into changes '
     'it. A tokenizer with bigger units has fewer predictions to make but each is harder, so two models with '
     "different vocabularies give numbers on different scales that can't be compared directly. I'd normalise "
     'by characters or bytes, for example bits per byte.'),
    ("numbers-and-code-tokenization#f0",
     'Make every digit its own token, so 1234 is always 1, 2, 3, 4. Another option is to chunk numbers into '
     'fixed groups of three from the right-hand side. Either way the same place value shows up consistently, '
     "so the model can learn carrying and magnitude instead of dealing with random BPE merges like '12' + "
     "'34'."),
    ("levels-bow-vs-embeddings#f0",
     "Raw counts let common words like 'the' and 'is' dominate. TF-IDF multiplies the count by inverse "
     'document frequency, the log of total documents over documents containing the word, so words found '
     'everywhere get almost zero weight and words that are frequent here but rare elsewhere get the biggest '
     'weight.'),
    ("hallucination-mitigation-strategy#f0",
     'Temperature only changes how much randomness there is in sampling. At zero the model always picks its '
     "top token, but if it doesn't actually know the fact, its top guess is still made up, just repeated "
     'confidently. Hallucination is a knowledge and grounding problem, so you still need retrieval of the '
     'right sources, checking claims against them and letting the model abstain.'),
    ("levels-llm-explainability#f0",
     'The explanation is just more text the model generates to sound convincing, often after the answer is '
     "already decided; it isn't a trace of the computation. Experiments show you can add a biasing cue to the "
     "prompt, the answer changes, and the explanation never mentions the cue. For a regulator I'd rely on "
     'verifiable things: the source documents cited, audit logs of inputs and outputs, and testing how the '
     'answer changes when we vary the inputs.'),
    ("levels-bow-vs-embeddings#f2",
     'When cost and latency dominate, say millions of queries a second or running on a phone, because a static '
     'embedding is just a table lookup instead of a transformer forward pass. Also when there are only a few '
     'hundred labels, averaged vectors plus logistic regression often match a fine-tuned model. And for '
     'word-level tasks like query expansion with similar terms, or as a first baseline.'),
    ("recall-at-k-for-rag#f1",
     'You estimate it. One way is to create questions from specific passages, so you know at least one '
     'document that answers each and can check whether it is in the top k. Another is pooling: take the top '
     'results from BM25, a dense retriever and a hybrid, have annotators judge only those, and treat the '
     'judged ones as the relevant set. The number is then relative, fine for comparing systems but not a true '
     'absolute recall.'),
    ("bm25-formula-parameters#f1",
     "I'd index title and description as separate fields with their own average lengths, so descriptions are "
     "normalised against other descriptions. Length normalisation barely matters for titles, so I'd give them "
     "a low b and tune each field's parameters separately. Then combine with a field boost so a title hit "
     'counts more, ideally BM25F, which weights the term frequencies per field and saturates once.'),
    ("behav-critical-feedback#f1",
     "I didn't want it to depend on people remembering. I added an automated overlap check to the shared "
     'data-splitting code that fails the pipeline if train and test share documents. I also put an item about '
     'it on our code review checklist and gave a ten-minute talk at the team retro about what I got wrong.'),
    ("rag-pipeline-design#f2",
     "Single-shot retrieval won't find all the pieces. I'd have the LLM decompose the question into "
     "sub-questions and search for each. For chained questions, I'd retrieve in steps: read the first results "
     'and issue another query using what they revealed, like an agent loop. Then the context has to hold '
     "several sources, so more chunks or summaries of each sub-answer, and I'd evaluate whether all the needed "
     'documents are retrieved.'),
    ("lexical-vs-semantic-search#f0",
     "The tokenizer has never seen XK-2291 as a unit, so it's chopped into meaningless bits like 'XK', '-', "
     "'22', '91'. The embedding then reflects rough similarity, so XK-2291 and XK-2219 end up nearly identical "
     "vectors and the exact product isn't singled out. That's why codes are better served by BM25 or an "
     'exact-match lookup, combined with the dense results in hybrid search.'),
    ("faq-tools-to-know#f0",
     'BLEU depends a lot on details like tokenization and smoothing; two homemade versions can differ by '
     'several points on the same output. Sacrebleu fixes those choices, so our number is comparable with '
     'published results and with other teams. It also prints a signature of its settings so anyone can '
     "reproduce it, and it's less likely to have bugs than my own code."),
    ("faq-company-types-and-role-lean#f1",
     "For the healthcare interviewer I'd start with patient data protection, HIPAA-style compliance and audit "
     'logging, and show how the system fails safely: a clinician reviews risky outputs and the model abstains '
     "when unsure. For big tech I'd lead with scale: throughput, latency targets, sharding, caching and the "
     'cost per request.'),
    ("encoder-vs-decoder-basics#f1",
     'Next-token prediction is self-supervised, so any raw text is training data and the models keep getting '
     'better with scale. One decoder can then be prompted to classify, summarise, translate or answer, so you '
     "don't need a separate fine-tuned head for each task. And most products today want text generated, which "
     'a decoder does natively and which is simple to serve.'),
    ("coding-bm25-scorer#f2",
     "The defaults k1 about 1.2 and b 0.75 are fine for normal documents. I'd tune when the corpus is unusual, "
     "like very short product titles or very long manuals, or when retrieval quality is poor. I'd grid-search "
     'both on a set of labelled queries, measuring nDCG or recall@k, then check the best setting on separate '
     'held-out queries and keep the defaults if the improvement is marginal.'),
    ("behav-mentoring#f2",
     'I treat mentoring as part of my job, not extra: I reserve a couple of hours every week, agreed with my '
     'manager in planning. I try to give the junior tasks that are already on our roadmap, so their learning '
     "ships features too. And it pays back: a stronger junior raises the team's output, while I keep an eye on "
     'my own deadlines.'),
    ("prod-tiered-routing-design#f2",
     'The router gets the customer plan as an input, and premium requests skip the small-model path and always '
     "go to the large model. I'd account for premium traffic's cost separately and make sure the tier price "
     "covers it, reporting savings only on the standard traffic. And I'd measure whether premium users "
     "actually get better outcomes than routed answers would give, otherwise it's spend without value."),
    ("prod-model-change-governance#f0",
     "I'd freeze the judge to a specific model snapshot and prompt version, so changing either is treated like "
     'a release and re-validated. Every month people rate a sample of outputs and we track how well the judge '
     "agrees with them. I'd also check for known biases, like favouring longer answers or text written in its "
     'own style.'),
    ("nlp-data-leakage-patterns#f1",
     'First drop exact copies by hashing normalised text. For near-duplicates, break each document into word '
     'n-gram shingles and compute a MinHash signature, which approximates Jaccard similarity. Then use LSH '
     'banding so only documents that collide in a band are compared, which avoids comparing all pairs, and run '
     'it as a distributed Spark job.'),
    ("llm-as-judge-reliability#f0",
     'Give the judge each pair twice, once as A then B and once as B then A. A fair judge picks the same '
     "winner both times, so I'd count how often the verdict follows the slot instead of the content, or how "
     "far the first position's win rate is from 50%. To mitigate, only count a win if it holds in both orders "
     'and call the rest ties.'),
    ("behav-ambiguous-task#f0",
     'I asked what had triggered the request and for a few concrete examples of searches that went wrong. I '
     'asked who the users were and what would show us it had improved, like a click-through number. And I '
     'asked about limits: how fast it needed to be, budget, what data we had and the deadline.'),
    ("perplexity-model-comparison#f0",
     'Run both models on exactly the same evaluation text, ideally from our domain, and sum the negative '
     'log-likelihood over all tokens for each. Then divide by the number of bytes or characters rather than '
     'tokens, which gives bits per byte, a unit both tokenizers share.'),
]


def _followup_question(grader, followup: str) -> str:
    question_id, _, index = followup.partition("#f")
    return grader.resolver.questions[question_id].followups[int(index)].question


@pytest.mark.parametrize("followup", [f for f, _ in SPECIFIC])
def test_a_vague_answer_to_a_newly_split_follow_up_earns_little(grader, followup):
    for answer in (echo(_followup_question(grader, followup)), *GENERIC):
        feedback = grader.grade(answer, question_id=followup)
        assert feedback.score < 3.5, (followup, answer, feedback.score)


@pytest.mark.parametrize("followup,answer", SPECIFIC)
def test_a_specific_answer_in_other_words_covers_several_points(grader, followup, answer):
    feedback = grader.grade(answer, question_id=followup)
    assert feedback.score >= 7, (followup, feedback.score)
    assert sum(p.status == "covered" for p in feedback.points) >= 2, [p.status for p in feedback.points]
