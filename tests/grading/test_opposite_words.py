"""A sentence that keeps a point's wording but swaps one of its facts for the opposite earns nothing on it
(bot/grading/opposites.py), while correct sentences that use opposite words keep their points."""
from __future__ import annotations

import pytest

from bot.grading.opposites import swapped

SWAPS = [
    ("Word-level vocabularies are huge and still meet unknown words.",
     "Subword tokenization is used because word-level vocabularies are small and never meet unknown words.",
     "hug", "small"),
    ("Self-attention cost is quadratic in sequence length.",
     "Self-attention cost is linear in sequence length.", "quadratic", "linear"),
    ("It acts as a regulariser and reduces overfitting.",
     "It makes units co-adapt, which increases overfitting.", "reduc", "increas"),
    # the point names both sides: "updates" stands where "freezes" did, not where "trains" does
    ("LoRA freezes the pretrained weights and trains small low-rank matrices.",
     "LoRA updates all of the pretrained weights.", "freez", "updat"),
    # "same" is a stopword elsewhere, but a listed word here; "even if" sets no condition
    ("With L2-normalised embeddings, cosine similarity and dot product give the same ranking.",
     "Even if the embeddings are L2-normalised, cosine and dot product give different rankings.", "sam", "different"),
    # the two sides trade places
    ("Subword methods such as BPE keep frequent words as single tokens and split rare words into smaller pieces.",
     "Subword methods such as BPE split frequent words into many pieces and keep rare words as single tokens.",
     "frequent", "rar"),
]

NOT_SWAPS = [
    # the other side told in other words
    ("Chunks that are too large dilute the embedding and waste context.", "Smaller chunks keep the embedding focused."),
    # a comparison
    ("Word-level vocabularies are huge and still meet unknown words.",
     "Subword vocabularies are much smaller than word-level vocabularies."),
    # the word itself is said too
    ("LoRA freezes the pretrained weights.",
     "The pretrained weights stay frozen; only the low-rank matrices are trained."),
    # the point speaks of both sides
    ("Small chunks give precise matches but lose context; large chunks keep context but blur the match.",
     "Bigger chunks use more tokens in the prompt."),
    ("Subword methods keep frequent words whole and split rare words into pieces.",
     "Common words stay whole and unusual ones are spelled out of fragments."),
    # "cheap" is no opposite of the noun "cost"
    ("Checking several tokens at once costs little more than generating one.",
     "A cheap little model drafts the next few tokens."),
    # a condition turns the words round
    ("Without warmup, transformers often need a much lower peak learning rate.",
     "Warmup lets you use a higher peak learning rate."),
    ("With L2-normalised embeddings, cosine similarity and dot product give the same ranking.",
     "On unit vectors cosine and dot product rank documents the same way."),
    # both sides in their places
    ("The encoder reads the input and the decoder writes the output.",
     "The encoder reads the input, and the decoder generates the output token by token."),
]


@pytest.mark.parametrize("point, sentence, word, opposite", SWAPS)
def test_a_swapped_word_is_found(point, sentence, word, opposite):
    swap = swapped(point, sentence)
    assert swap is not None and (swap.word, swap.opposite) == (word, opposite)


@pytest.mark.parametrize("point, sentence", NOT_SWAPS)
def test_opposite_words_in_a_correct_sentence_are_no_swap(point, sentence):
    assert swapped(point, sentence) is None


TOKENIZATION_QUESTION = "Why do LLMs use subword tokenization instead of words or characters?"
TOKENIZATION_REFERENCE = (
    "Word-level vocabularies are huge and still meet unknown words, while character-level sequences are very "
    "long and each symbol carries little meaning. Subword methods such as BPE keep frequent words as single "
    "tokens and split rare words into smaller pieces, so any text can be encoded with a fixed vocabulary of tens "
    "of thousands of tokens. This balances vocabulary size against sequence length.")
TOKENIZATION_SWAPPED = (
    "Word-level vocabularies are small and never meet unknown words, while character-level sequences are very "
    "long and each symbol carries little meaning. Subword methods such as BPE split frequent words into many "
    "pieces and keep rare words as single tokens, so any text can be encoded with a fixed vocabulary of tens of "
    "thousands of tokens. This balances vocabulary size against sequence length.")


def test_sentences_that_swap_facts_earn_nothing_on_their_points_and_are_told_so(grader):
    fb = grader.grade(TOKENIZATION_SWAPPED, question=TOKENIZATION_QUESTION, reference=TOKENIZATION_REFERENCE)
    vocab, subwords, balance = fb.points
    assert "are small" not in (vocab.evidence or "")  # it may take another sentence's partial credit
    assert subwords.status == "missed" and subwords.evidence is None
    assert balance.status == "covered"
    assert sum("says the opposite of a point" in n for n in fb.notes) == 2
    assert fb.score < 8  # 10 when the swaps went unseen


def test_the_reference_in_its_own_words_keeps_every_point(grader):
    fb = grader.grade(TOKENIZATION_REFERENCE, question=TOKENIZATION_QUESTION, reference=TOKENIZATION_REFERENCE)
    assert [p.status for p in fb.points] == ["covered"] * 3
    assert not any("says the opposite of a point" in n for n in fb.notes)
