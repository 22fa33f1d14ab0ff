"""A sentence that says the opposite of a point earns nothing on it; a correct sentence with a "not" keeps it.

MiniLM embeds a claim and its denial nearly alike, so without bot/grading/negation.py an answer that
denied every sentence of the reference covered every point, each quoting its denial.
"""
from __future__ import annotations

import pytest

from bot.grading.negation import contradicts
from bot.grading.polarity import read
from bot.grading.signals import content_stems

KV_QUESTION = "What is a KV cache and why does it make LLM text generation faster?"
IAA_QUESTION = "How do you measure inter-annotator agreement, and why not just use percent agreement?"
ROLLOUT_QUESTION = "How would you roll out a new model version safely?"


def _contradicts(point: str, sentence: str, question: str = "") -> bool:
    stems = frozenset(content_stems(question))
    return contradicts(read(point, stems), read(sentence, stems))


@pytest.mark.parametrize("point, sentence, question", [
    ("The keys and values computed for earlier tokens are stored.",
     "The KV cache does not store the keys and values of earlier tokens.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",
     "Every step still recomputes the whole prefix.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",  # two negations cancel out
     "You can't avoid recomputing the whole prefix at every step.", KV_QUESTION),
    ("Low agreement usually means the guidelines are ambiguous, so refine the guidelines.",
     "If agreement is low, simply average the labels; the guidelines don't matter.", IAA_QUESTION),
    ("Shadow it on live traffic or send a small canary share first.",
     "Canary releases expose real users to untested behaviour, so avoid them.", ROLLOUT_QUESTION),
    ("BM25 needs no labelled training data, only corpus statistics.",
     "BM25 needs labelled training data to learn its weights.", ""),
    ("Quantization cuts memory; there is a slight accuracy loss.",  # "and" does not carry one "not" into the next
     "Quantization does not save memory and there is no accuracy loss.", ""),
])
def test_a_denial_contradicts_the_point(point, sentence, question):
    assert _contradicts(point, sentence, question)


@pytest.mark.parametrize("point, sentence, question", [
    ("Counts are clipped by the reference counts so repeating a word earns nothing extra.",
     "Counts are clipped so repeating a word does not help.", ""),  # the subject comes before the "not"
    ("This avoids recomputing the whole prefix at every step.",
     "Without a cache you would recompute the whole prefix at every step.", KV_QUESTION),  # what would happen
    ("This avoids recomputing the whole prefix at every step.",
     "There is no need to recompute the whole prefix at every step.", KV_QUESTION),
    ("This avoids recomputing the whole prefix at every step.",
     "It not only avoids recomputing the whole prefix at every step but also saves memory.", KV_QUESTION),
    ("BM25 needs no labelled training data, only corpus statistics.",
     "BM25 is training-free: it works from corpus statistics, without labelled data.", ""),
    ("Deriving gradients by hand is usually not expected for NLP roles.",
     "Deriving gradients by hand is rarely expected for NLP roles.", ""),
    ("If no constructor is provided, the compiler provides one by default.",  # a condition claims nothing
     "C++ creates a default constructor during compilation if one is not provided.", ""),
    ("Local variables can only be accessed inside the member function that defines them.",
     "A local variable cannot be accessed outside the function in which it is declared.", ""),
    ("The function definition includes the actual body of the function.",  # two of the question's things
     "A prototype does not include any actual code, where the definition has all of it.",
     "What is the difference between a function prototype and a function definition?"),
    ("A ROUGE gain shows more word overlap, not necessarily better summaries.",  # a hedge, not a denial
     "A prompt that produces wordier summaries looks better.", ""),
    ("The block inside a do...while statement will execute at least once.",  # one word set against it
     "Where as a while statement will not execute at all unless the condition for the while is true.",
     "What is the main difference between a while and a do...while statement?"),
    ("RRF uses only ranks, needs no score normalisation or training.",  # about adding, not about RRF
     "The scores are on different scales, so simply adding them doesn't work without careful normalisation.",
     "When would you combine BM25 with a dense retriever, and how would you merge their rankings?"),
])
def test_a_correct_sentence_with_a_negation_does_not_contradict_the_point(point, sentence, question):
    assert not _contradicts(point, sentence, question)
