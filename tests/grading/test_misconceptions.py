"""Misconception flags: a refutation is not the myth it denies, and a flag sits on the sentence that states it."""
from __future__ import annotations

import pytest

RAG = "rag-what-and-why"
RAG_BASE = ("RAG retrieves relevant passages from a document collection at query time and puts them in the prompt, "
            "so the model answers from that evidence. It gives the model private or recent information that was not "
            "in its training data, and updating knowledge only means re-indexing, which is cheaper than fine-tuning. "
            "Grounding in retrieved text reduces hallucination and lets the answer cite sources. ")
BM25 = "bm25-why-still-used"
BM25_BASE = ("BM25 combines term frequency with saturation, inverse document frequency and document length "
             "normalisation. It runs on an inverted index so queries only touch the posting lists of their terms, "
             "which is fast. It is very reliable for exact tokens like error codes, SKUs and names that embeddings "
             "blur. Its weakness is vocabulary mismatch, so production systems pair it with dense retrieval in a "
             "hybrid. ")
INTENTS = "intent-classifier-changing-labels"
INTENTS_BASE = ("Prompt an LLM with intent descriptions so new labels need no retraining. Or classify by embedding "
                "similarity to a few examples per intent. Weigh that against the latency and cost of a fine-tuned "
                "encoder, which you might keep for stable high-volume intents. Keep a versioned label taxonomy and "
                "an evaluation set with per-intent F1. ")

# Some of the bank's wordings of a myth carry a negation themselves ("the model can't make things up
# anymore"); a sentence that denies the myth must still count as a denial.
REFUTATIONS = [
    (RAG, RAG_BASE + "RAG does not eliminate hallucination; the model can still ignore the retrieved context or "
     "embellish it."),
    (RAG, RAG_BASE + "People think RAG eliminates hallucination, but it does not: the model can still ignore or "
     "embellish the context."),
    (RAG, RAG_BASE + "Adding retrieval does not mean the model can't make things up anymore; it still can."),
    (INTENTS, INTENTS_BASE + "Adding or renaming intents is not harmless: a new intent can change how the existing "
     "ones are classified."),
    (BM25, BM25_BASE + "Some people say BM25 needs labelled training data. In fact it needs none, only corpus "
     "statistics."),
]


@pytest.mark.parametrize("qid, answer", REFUTATIONS)
def test_a_refutation_is_not_flagged_as_the_myth_it_denies(grader, qid, answer):
    fb = grader.grade(answer, question_id=qid)
    assert not fb.misconceptions, [(m.claim, m.evidence) for m in fb.misconceptions]


@pytest.mark.parametrize("myth", ["RAG completely eliminates hallucination.",
                                  "Once you add retrieval the model can't make things up anymore."])
def test_the_myth_itself_is_still_flagged(grader, myth):
    fb = grader.grade(RAG_BASE + myth, question_id=RAG)
    assert [m.evidence for m in fb.misconceptions] == [myth]


def test_one_sentence_is_flagged_for_one_myth_and_correct_sentences_for_none(grader):
    myth = "BM25 needs labelled training data before it can be used."
    fb = grader.grade(BM25_BASE + myth, question_id=BM25)
    assert [m.evidence for m in fb.misconceptions] == [myth]
    assert not any(myth in (p.evidence or "") for p in fb.points)


def test_a_correct_answer_near_a_myth_as_a_whole_is_not_flagged(grader):
    """The whole answer sits near 'dense retrieval made BM25 obsolete'; none of its sentences says so."""
    answer = ("Dense retrieval with embeddings is popular now. But BM25 is still everywhere. Embedding models blur "
              "exact identifiers like error codes, while BM25 matches them exactly. BM25 needs no training, only "
              "corpus statistics. Keyword search on an inverted index is also cheap and fast. So teams run BM25 "
              "next to dense retrieval in a hybrid rather than replacing it.")
    fb = grader.grade(answer, question_id=BM25)
    assert not fb.misconceptions, [(m.claim, m.evidence) for m in fb.misconceptions]
    assert fb.score >= 5


# Correct sentences that sit close to a myth in embedding space: on the same subject, in the myth's words,
# but saying the opposite ("still widely used" against "nobody uses it anymore") or something else.
NEAR_MYTHS = [
    (BM25, "Keyword search is still widely used alongside embeddings, because exact identifiers like error codes "
           "match reliably."),
    (BM25, "BM25 is a classic ranking function that people still like."),
    (BM25, "BM25 uses term frequency. BM25 uses inverse document frequency. BM25 is unsupervised. "
           "BM25 handles exact match. BM25 is interpretable."),
    ("roles-nlp-llm-ai-compared", "Prompt engineering is one skill among many for an NLP engineer; the role still "
                                  "covers evaluation, retrieval and classification."),
]


@pytest.mark.parametrize("qid, answer", NEAR_MYTHS)
def test_a_correct_sentence_in_the_words_of_a_myth_is_not_flagged(grader, qid, answer):
    fb = grader.grade(answer, question_id=qid)
    assert not fb.misconceptions, [(m.claim, m.evidence) for m in fb.misconceptions]
    assert fb.score > 0


def test_the_bars_never_stop_a_myth_stated_in_the_banks_own_words(pack):
    """The claim-word bar and the shared-word bar let every wording of every myth through."""
    from bot.grading.signals import claims_like, content_stems

    from bot.grading.misconceptions import _REPORTED

    stopped = [(q.id, t) for q in pack.questions for m in q.misconceptions for t in (m.claim, *m.phrasings)
               if not claims_like(t, [m.claim, *m.phrasings]) or not content_stems(t) - content_stems(q.question)
               or _REPORTED.search(t)]
    assert not stopped


def test_a_myth_worded_with_a_concession_is_still_flagged(grader):
    """One wording of the perplexity myth says "even though"; a sentence that does too states it (review:
    the refutation words hid it)."""
    fb = grader.grade("A has lower perplexity so A is better even though the tokenizers differ.",
                      question_id="perplexity-explained")
    assert [f.claim for f in fb.misconceptions] == ["Perplexity can be compared across models with different "
                                                    "tokenizers."]


# A myth that is one clause of a longer sentence: the sentence as a whole sat too far from the myth, was not
# flagged and earned points (QA: a confident wrong answer with the myth inside a sentence scored 3.5-6.5).
MYTHS_IN_A_CLAUSE = [
    ("llm-as-judge-reliability", "An LLM judge is objective because it's a machine, so it doesn't have the biases "
     "human raters have."),
    ("prod-prompt-injection-defense", "Once the system prompt is strong enough, prompt injection is solved, and then "
     "we can give the tool full admin rights so it never fails on permissions."),
    ("coding-rouge-1-2", "ROUGE is mainly a precision metric, so I'd just count each candidate n-gram that appears "
     "anywhere in the reference."),
    ("tokenization-why-subwords", "BPE always splits words at syllable boundaries, and one token is always one word "
     "in practice."),
]


@pytest.mark.parametrize("qid, answer", MYTHS_IN_A_CLAUSE)
def test_a_myth_stated_in_one_clause_of_a_sentence_is_flagged(grader, qid, answer):
    fb = grader.grade(answer, question_id=qid)
    assert len(fb.misconceptions) == 1 and fb.misconceptions[0].evidence == answer
    assert fb.score == 0.0 and all(p.status == "missed" for p in fb.points)


# A sentence that argues against a myth, with no "not" in it, or calls it wrong, does not state it (QA: the
# first was flagged as "high token-level accuracy means the NER model extracts entities well", and the next
# step told the candidate to revisit what they had just said).
REFUTED_WITHOUT_A_NOT = [
    ("ner-span-vs-token-eval", "Token accuracy is basically meaningless for NER because most tokens are tagged O, so "
     "a model that gets the outside tokens right will look great even if it botches the entities."),
    ("coding-rouge-1-2", "Saying ROUGE is mainly a precision metric is wrong; it is recall-oriented, which is why "
     "summarisation uses it."),
]


@pytest.mark.parametrize("qid, answer", REFUTED_WITHOUT_A_NOT)
def test_a_sentence_that_refutes_a_myth_is_not_flagged(grader, qid, answer):
    assert grader.grade(answer, question_id=qid).misconceptions == []


def test_a_sentence_splits_into_clauses_where_a_new_statement_starts():
    from bot.grading.misconceptions import clauses

    assert clauses("ROUGE is mainly a precision metric, so I'd just count each n-gram.") == [
        "ROUGE is mainly a precision metric", "I'd just count each n-gram"]
    assert clauses("It's there because BLEU is a recall metric.") == ["BLEU is a recall metric"]  # "It's there": too short
    assert clauses("BM25 is fast and needs no training.") == []  # one clause: "and" without a comma joins


def test_a_batch_reads_its_clauses_in_one_encoding_and_flags_as_one_by_one(grader, monkeypatch):
    """grade_many encodes the clauses of all its answers together (one small encoding per answer cost a
    batch of model answers a fifth of its throughput), keeps none afterwards, and flags what grade does."""
    from bot.grading.grader import GradeRequest

    one_by_one = [[f.claim for f in grader.grade(a, question_id=q).misconceptions] for q, a in MYTHS_IN_A_CLAUSE]
    calls = []
    encode = grader.offline.embedder.encode
    monkeypatch.setattr(grader.offline.embedder, "encode", lambda texts, *a, **k: calls.append(texts) or encode(texts))
    batch = grader.grade_many([GradeRequest(answer=a, question_id=q) for q, a in MYTHS_IN_A_CLAUSE])
    assert [[f.claim for f in fb.misconceptions] for fb in batch] == one_by_one
    assert all(one_by_one) and len(calls) <= 2, [len(c) for c in calls]
    assert grader.offline._clause_vecs == {}


def test_a_myth_stated_with_it_after_a_sentence_naming_its_subject_is_flagged(grader):
    fb = grader.grade("RAG retrieves passages and puts them in the prompt. It completely eliminates hallucination.",
                      "rag-what-and-why")
    assert [m.evidence for m in fb.misconceptions] == ["It completely eliminates hallucination."]
    fine = grader.grade("RAG retrieves passages and puts them in the prompt. It reduces hallucination, but the "
                        "model can still ignore the context.", "rag-what-and-why")
    assert fine.misconceptions == []


@pytest.mark.parametrize("answer", [
    "ROUGE is basically precision, so the new model's summaries have fewer incorrect words. I'd approve it.",
    "ROUGE went up four points, which directly means better factual accuracy.",
])
def test_rouge_myths_are_flagged_on_the_rouge_gain_question(grader, answer):
    """QA: "ROUGE is a precision metric so four points higher means ... fewer wrong words ... a direct improvement
    in factual accuracy" covered the point it contradicts (5.0 of 10): the myth lived on the BLEU question only."""
    fb = grader.grade(answer, question_id="rouge-up-quality-unknown")
    assert fb.misconceptions and fb.score < 2
