"""Myths that sound like a point or are worded as a negative are still flagged (QA), and right answers in
the same words are not."""
from __future__ import annotations

import pytest

BLEU = "bleu-rouge-meteor-explained"
RAG = "rag-what-and-why"
HALLUCINATION = "hallucination-basics"
OPENING = "It's when the model confidently makes stuff up. "

# A myth in one clause of a sentence whose other clause makes a point: the whole sentence sat nearer the point
# and the model answer than the myth, was not flagged and covered the point (QA: 9.9/10).
MYTH_BESIDE_A_POINT = [
    (BLEU, "BLEU is a recall metric used in machine translation, it counts how many reference n-grams show up in "
     "the output.", "BLEU is a recall metric."),
    (RAG, "RAG retrieves passages at query time and puts them in the prompt, so it completely eliminates "
     "hallucination because the model only answers from the documents.", "RAG completely eliminates hallucination."),
]


@pytest.mark.parametrize("qid, sentence, claim", MYTH_BESIDE_A_POINT)
def test_a_myth_in_a_clause_beside_a_point_is_flagged_and_earns_nothing(grader, qid, sentence, claim):
    fb = grader.grade(sentence, question_id=qid)
    assert [(m.claim, m.evidence) for m in fb.misconceptions] == [(claim, sentence)]
    assert not any(sentence in (p.evidence or "") for p in fb.points)


def test_a_myth_worded_as_denying_the_correction_is_flagged(grader):
    """"Large models don't hallucinate" denies the correction ("large models hallucinate too"): its "not"
    is the myth's, not a denial of it (QA: read as a refutation)."""
    sentence = "Large models don't hallucinate much, it's really a small model thing."
    fb = grader.grade(OPENING + sentence, question_id=HALLUCINATION)
    assert [m.evidence for m in fb.misconceptions] == [sentence]


QA_BLEU_RIGHT = ("BLEU is precision oriented - what fraction of the output's n-grams (up to 4) appear in the "
                 "reference, with a brevity penalty so short outputs can't game it; it's the MT metric. ROUGE is "
                 "recall oriented - how much of the reference's n-grams you covered.")
QA_CHUNKS_RIGHT = ('Start from the document structure: split on headings/sections/paragraphs, not a fixed char count that '
    'cuts a table in half. Target something like 300-500 tokens with a bit of overlap so a fact sitting on a '
    "boundary is fully inside at least one chunk. Too small and a chunk doesn't carry enough context to "
    "answer - e.g. 'it must be renewed yearly' with no idea what 'it' is. Too large and the embedding gets "
    "diluted by unrelated stuff, plus you burn context budget on irrelevant text. I'd attach title + section "
    'path as metadata to every chunk, and tune the size by measuring recall@k on an eval set rather than '
    'guessing. Theres no one size for every corpus.')

RIGHT = [
    (BLEU, "BLEU is precision-oriented and used in machine translation, it counts how many output n-grams show up "
     "in the reference."),
    (BLEU, "BLEU is a precision metric with a brevity penalty, it is the standard for translation, while ROUGE is "
     "recall-oriented."),
    (BLEU, "BLEU is a precision metric with a brevity penalty."),
    (RAG, "RAG retrieves passages at query time and puts them in the prompt, so it reduces hallucination but does "
     "not eliminate it."),
    # QA's right answers: "it's the MT metric" and "Theres no one size for every corpus" are no myth
    (BLEU, QA_BLEU_RIGHT),
    ("rag-chunking-strategy", QA_CHUNKS_RIGHT),
    (HALLUCINATION, OPENING + "Large models do hallucinate too, it's not only a small model thing."),
    (HALLUCINATION, OPENING + "Large models do not hallucinate less, they hallucinate too and more convincingly."),
    (HALLUCINATION, OPENING + "Hallucination is not just a small model problem, large models hallucinate too."),
]


@pytest.mark.parametrize("qid, answer", RIGHT)
def test_a_right_answer_in_the_myths_words_is_not_flagged(grader, qid, answer):
    fb = grader.grade(answer, question_id=qid)
    assert not fb.misconceptions, [(m.claim, m.evidence) for m in fb.misconceptions]


PERPLEXITY = "perplexity-explained"


@pytest.mark.parametrize("answer", [
    "You cannot compare perplexity directly between Llama and GPT, because their tokenizers differ.",
    "You can compare perplexity between checkpoints of the same model, since they share a tokenizer.",
    "Perplexity is comparable only between models that share a tokenizer; otherwise normalise per byte.",
])
def test_a_right_sentence_on_comparing_perplexities_is_not_flagged(grader, answer):
    """The second sits at 0.67 from the myth "perplexity can be compared across models with different
    tokenizers", nearer than QA's "You can compare perplexity between Llama and GPT directly even though their
    tokenizers differ" (0.54, not flagged); saying the opposite of the model answer's "you cannot compare it
    fairly ..." holds for both, so that cannot flag the one without the other."""
    fb = grader.grade(answer, question_id=PERPLEXITY)
    assert not fb.misconceptions, [(m.claim, m.evidence) for m in fb.misconceptions]
